package browsertest_test

import "runtime"

func runtimeGoexit() { runtime.Goexit() }
