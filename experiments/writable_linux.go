package experiments

import (
	"os"
	"syscall"
	"unsafe"
)

// The inode flags (FS_IOC_GETFLAGS) that forbid removing or renaming over
// a file, even to root: immutable (chattr +i) and append-only (chattr +a).
const (
	fsIocGetflags = 0x80086601
	fsImmutableFl = 0x10
	fsAppendFl    = 0x20
)

// pinned reports syscall.EPERM for a file whose flags forbid removing it
// (append-only, immutable), which access(2) does not see for an
// append-only file; nil where the flags cannot be read (a file system
// without them).
func pinned(path string) error {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NOFOLLOW|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil
	}
	defer f.Close()
	var flags int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, f.Fd(), fsIocGetflags, uintptr(unsafe.Pointer(&flags))); e != 0 {
		return nil
	}
	if flags&(fsImmutableFl|fsAppendFl) != 0 {
		return syscall.EPERM
	}
	return nil
}

// The magic numbers of statfs(2) of the kernel's file systems that make no
// folders, whoever asks (linux/magic.h).
const (
	procSuperMagic = 0x9fa0
	sysfsMagic     = 0x62656572
)

// pseudoFS names the file system path lies on where it is one of the
// kernel's that makes no folders (proc, sysfs), else "".
func pseudoFS(path string) string {
	var st syscall.Statfs_t
	if syscall.Statfs(path, &st) != nil {
		return ""
	}
	switch uint32(st.Type) {
	case procSuperMagic:
		return "proc"
	case sysfsMagic:
		return "sysfs"
	}
	return ""
}
