package app

/*
#include <stddef.h>

typedef struct sqlite3 sqlite3;
typedef struct sqlite3_stmt sqlite3_stmt;

// The SQLite library of github.com/mattn/go-sqlite3, linked into the
// same program.
int sqlite3_bind_null(sqlite3_stmt*, int);
int sqlite3_bind_int64(sqlite3_stmt*, int, long long);
int sqlite3_bind_text(sqlite3_stmt*, int, const char*, int, void(*)(void*));
int sqlite3_clear_bindings(sqlite3_stmt*);
int sqlite3_step(sqlite3_stmt*);
int sqlite3_reset(sqlite3_stmt*);
sqlite3 *sqlite3_db_handle(sqlite3_stmt*);
const char *sqlite3_errmsg(sqlite3*);

// demo_exec binds n values (kinds: 0 NULL, 1 the integer vals[i], 2 the
// text of lens[i] bytes at buf + vals[i]) and runs the statement once.
// The text is bound without a copy (SQLITE_STATIC): it is read during the
// step, and the bindings are cleared before returning.
static int demo_exec(sqlite3_stmt *st, int n, const unsigned char *kinds, const long long *vals, const int *lens, const char *buf) {
	int rc = 0;
	for (int i = 0; i < n && rc == 0; i++) {
		switch (kinds[i]) {
		case 0:
			rc = sqlite3_bind_null(st, i + 1);
			break;
		case 1:
			rc = sqlite3_bind_int64(st, i + 1, vals[i]);
			break;
		default:
			rc = sqlite3_bind_text(st, i + 1, buf + vals[i], lens[i], NULL);
		}
	}
	if (rc == 0) {
		rc = sqlite3_step(st);
		if (rc == 101) // SQLITE_DONE
			rc = 0;
	}
	int reset = sqlite3_reset(st);
	if (rc != 0 && reset != 0)
		rc = reset;
	sqlite3_clear_bindings(st);
	return rc;
}
*/
import "C"

import (
	"database/sql/driver"
	"fmt"
	"reflect"
	"strings"
	"unsafe"
)

// The demo's bulk insert binds a hundred million values for a million
// tickets. Through the driver each is a cgo call, a copy of the string and
// a few allocations, which cost more than SQLite's own work on the row: a
// sixth of the writer's time (measured: 115 ns a value). demoBinder binds
// a whole statement's values and runs it in one cgo call, on the
// statement the driver prepared (github.com/mattn/go-sqlite3 keeps it in
// the field s of *SQLiteStmt); when that field is not there (another
// driver version) the writer goes through the driver as before.

// demoBinder holds the values of one statement in plain memory.
type demoBinder struct {
	kinds []byte
	vals  []int64
	lens  []int32
	buf   []byte
}

// demoStmtHandle returns the sqlite3_stmt behind a driver statement, or
// nil when it cannot be found.
func demoStmtHandle(st driver.Stmt) unsafe.Pointer {
	v := reflect.ValueOf(st)
	if v.Kind() != reflect.Pointer || v.IsNil() || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := v.Elem().FieldByName("s")
	if !f.IsValid() || f.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type().Elem().Name(), "sqlite3_stmt") {
		return nil
	}
	return *(*unsafe.Pointer)(unsafe.Pointer(f.UnsafeAddr()))
}

// exec runs the statement h with args. handled is false when a value is of
// a type it does not bind (nothing was run then).
func (bd *demoBinder) exec(h unsafe.Pointer, args []driver.NamedValue) (handled bool, err error) {
	if h == nil || len(args) == 0 {
		return false, nil
	}
	bd.kinds, bd.vals, bd.lens = bd.kinds[:0], bd.vals[:0], bd.lens[:0]
	bd.buf = append(bd.buf[:0], 0) // never empty: an empty text is not NULL
	for _, a := range args {
		switch v := a.Value.(type) {
		case nil:
			bd.kinds, bd.vals, bd.lens = append(bd.kinds, 0), append(bd.vals, 0), append(bd.lens, 0)
		case int64:
			bd.kinds, bd.vals, bd.lens = append(bd.kinds, 1), append(bd.vals, v), append(bd.lens, 0)
		case bool:
			n := int64(0)
			if v {
				n = 1
			}
			bd.kinds, bd.vals, bd.lens = append(bd.kinds, 1), append(bd.vals, n), append(bd.lens, 0)
		case string:
			bd.kinds, bd.vals, bd.lens = append(bd.kinds, 2), append(bd.vals, int64(len(bd.buf))), append(bd.lens, int32(len(v)))
			bd.buf = append(bd.buf, v...)
		default:
			return false, nil
		}
	}
	st := (*C.sqlite3_stmt)(h)
	rc := C.demo_exec(st, C.int(len(args)), (*C.uchar)(unsafe.Pointer(&bd.kinds[0])), (*C.longlong)(unsafe.Pointer(&bd.vals[0])),
		(*C.int)(unsafe.Pointer(&bd.lens[0])), (*C.char)(unsafe.Pointer(&bd.buf[0])))
	if rc != 0 {
		return true, fmt.Errorf("%s (SQLite error %d)", C.GoString(C.sqlite3_errmsg(C.sqlite3_db_handle(st))), int(rc))
	}
	return true, nil
}
