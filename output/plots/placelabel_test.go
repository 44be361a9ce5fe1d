package plots

import (
	"testing"

	"gonum.org/v1/plot/vg"
)

// A label whose 24 ring places (eight around the point, three distances)
// all overlap a mark goes to free space elsewhere in the data area, not
// over the marks: the tradeoff figure of a PRIM trajectory drew "selected:
// box 0 …" over the trajectory's points beside an empty corner (a review,
// stop 50).
func TestPlaceLabelFindsFreeSpaceBeyondTheRings(t *testing.T) {
	area := vg.Rectangle{Min: vg.Point{X: 0, Y: 0}, Max: vg.Point{X: 400, Y: 300}}
	x, y := vg.Length(380), vg.Length(20) // bottom right, as box 0 at coverage 1
	w, h := vg.Length(150), vg.Length(33)
	gap := vg.Length(9)
	// A band of marks from the point up and to the left, covering every
	// ring place (they reach 5 × gap = 45 from the point), leaving the top
	// right free.
	var taken []vg.Rectangle
	for i := 0; i < 40; i++ {
		cx, cy := x-vg.Length(i)*9, y+vg.Length(i)*3
		taken = append(taken, vg.Rectangle{Min: vg.Point{X: cx - 60, Y: cy - 60}, Max: vg.Point{X: cx + 60, Y: cy + 60}})
	}
	rc, far := placeLabel(x, y, w, h, gap, area, taken)
	if ov := overlap(rc, taken); ov != 0 {
		t.Fatalf("label at %v overlaps the marks by %v square points; the top right of the area is free", rc, ov)
	}
	if rc.Min.X < area.Min.X || rc.Max.X > area.Max.X || rc.Min.Y < area.Min.Y || rc.Max.Y > area.Max.Y {
		t.Fatalf("label at %v leaves the area %v", rc, area)
	}
	if !far {
		t.Fatalf("a label away from its point wants a leader line")
	}
	// A free ring place is still taken first: nothing moves where the
	// rings found room.
	rc2, far2 := placeLabel(x, y, w, h, gap, area, nil)
	want := vg.Rectangle{Min: vg.Point{X: x - gap - w, Y: y - h/2}, Max: vg.Point{X: x - gap, Y: y + h/2}}
	if rc2 != want || far2 {
		t.Fatalf("with nothing in the way the label goes at %v (far %v), want %v left of the point", rc2, far2, want)
	}
}
