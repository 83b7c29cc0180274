//go:build windows

package screens

import (
	"fmt"
	"path/filepath"
	"runtime"

	"golang.org/x/sys/windows"
)

// printFile asks the PDF application to print the file with the shell's
// "print" verb, the same as right-click → Print in Explorer. The verb is
// registered by Acrobat Reader, Foxit, WPS and others; when the default
// PDF application has none (Windows' own Edge, for one) the file is opened
// instead and ErrOpenedInstead tells the person to print from the viewer.
func printFile(path string) error {
	abs, err := filepath.Abs(path)
	if err != nil {
		return err
	}
	// ShellExecute may hand the verb to a COM shell extension: initialise
	// COM on this OS thread first, as its documentation asks.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	if err := windows.CoInitializeEx(0, windows.COINIT_APARTMENTTHREADED|windows.COINIT_DISABLE_OLE1DDE); err == nil {
		defer windows.CoUninitialize()
	}
	if err := shellExecute("print", abs, windows.SW_SHOWMINNOACTIVE); err == nil {
		return nil
	}
	if err := shellExecute("open", abs, windows.SW_SHOWNORMAL); err != nil {
		return fmt.Errorf("open %s: %w", abs, err)
	}
	return ErrOpenedInstead
}

// shellExecute runs a shell verb on a file. Paths go over as UTF-16, so
// drive letters and Chinese folder names arrive intact.
func shellExecute(verb, path string, show int32) error {
	v, err := windows.UTF16PtrFromString(verb)
	if err != nil {
		return err
	}
	f, err := windows.UTF16PtrFromString(path)
	if err != nil {
		return err
	}
	dir, err := windows.UTF16PtrFromString(filepath.Dir(path))
	if err != nil {
		return err
	}
	return windows.ShellExecute(0, v, f, nil, dir, show)
}
