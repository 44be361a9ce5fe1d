package output

import (
	"os"
	"path/filepath"
	"testing"
)

// TestReadTasksStrict: the task record's bounds are read as WriteTasks
// writes them, in decimal digits; fmt.Sscan read "0x10" as 16, "+3" as 3
// and "1_0" as 10 (a review, stop 50). A record that does not read is
// damaged (TasksDamaged), an absent one is not.
func TestReadTasksStrict(t *testing.T) {
	dir := t.TempDir()
	if err := TasksDamaged(dir); err != nil {
		t.Errorf("no record: %v", err)
	}
	write := func(first string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, TasksName), []byte(first+"\nbuild b\ngo g\nvcs v\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("tasks 3 16 shard 1/2")
	if got, ok := ReadTasks(dir); !ok || got != (Tasks{Lo: 3, Hi: 16, What: "shard 1/2", Build: "b", GoVersion: "g", VCS: "v"}) || TasksDamaged(dir) != nil {
		t.Errorf("a record as written: %+v, %v", got, ok)
	}
	write("tasks 0 0 shard 0/30")
	if got, ok := ReadTasks(dir); !ok || got.Lo != 0 || got.Hi != 0 {
		t.Errorf("an empty shard's record: %+v, %v", got, ok)
	}
	for _, first := range []string{"tasks 3 0x10 shard 1/2", "tasks +3 16 shard 1/2", "tasks 3 1_6 shard 1/2", "tasks 03 16 shard 1/2", "tasks -1 16 shard 1/2", "tasks 16 3 shard 1/2", "tasks 3 16"} {
		write(first)
		if got, ok := ReadTasks(dir); ok {
			t.Errorf("%q read as %+v", first, got)
		}
		if TasksDamaged(dir) == nil {
			t.Errorf("%q is not called damaged", first)
		}
	}
}
