//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly || windows)

package app

import "os"

// Systems without flock or LockFileEx: the lock file still names the
// holder, but nothing stops a second writer.
func tryLockFile(*os.File) (bool, error) { return true, nil }

func unlockFile(*os.File) error { return nil }
