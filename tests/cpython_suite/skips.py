"""The skip list of CPython's test suite in the page: one reason per test, and nothing else is
changed in CPython's files. Ids are relative to the `test` package."""

# What a browser cannot have.
_PLATFORM = [
    'needs a second thread: the page has none',
    "needs real sockets: the page's loop connects in memory (no UDP, no socket options, no TLS)",
    "waits in the loop's thread for a coroutine only that loop can run (on CPython the wait happens in another thread): the page has no threads, so the wait raises RuntimeError at once",
]

PLATFORM: dict[str, str] = {
    "test_asyncio.test_base_events.BaseEventLoopTests.test_asyncgen_finalization_by_gc_in_other_thread": _PLATFORM[0],
    "test_asyncio.test_base_events.BaseEventLoopTests.test_check_thread": _PLATFORM[0],
    "test_asyncio.test_base_events.BaseEventLoopTests.test_set_default_executor": _PLATFORM[0],
    "test_asyncio.test_base_events.BaseEventLoopTests.test_shutdown_default_executor_timeout": _PLATFORM[0],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_accept_connection_exception": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_accept_connection_retry": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_connection_bluetooth": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_connection_ip_addr": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_connection_no_inet_pton": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_connection_service_name": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_connection_ssl_server_hostname_default": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_connection_ssl_server_hostname_errors": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_datagram_endpoint_allow_broadcast": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_datagram_endpoint_ip_addr": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_datagram_endpoint_no_addrinfo": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_datagram_endpoint_sock": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_datagram_endpoint_sockopts": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_server_cant_bind": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_server_nosoreuseport": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_server_soreuseport_only_defined": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_server_stream_bittype": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_create_server_wrong_sock": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseEventLoopWithSelectorTests.test_getnameinfo": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test__sock_sendfile_native_failure": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_blocking_socket": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_negative_count": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_negative_offset": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_nonbinary_file": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_nonstream_socket": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_notint_count": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_notint_offset": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_sock_sendfile_fallback": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_sock_sendfile_fallback_offset_and_count": _PLATFORM[1],
    "test_asyncio.test_base_events.BaseLoopSockSendfileTests.test_sock_sendfile_no_fallback": _PLATFORM[1],
    "test_asyncio.test_base_events.TestSelectorUtils.test_set_nodelay": _PLATFORM[1],
    "test_asyncio.test_futures.CFutureTests.test_wrap_future": _PLATFORM[0],
    "test_asyncio.test_futures.CFutureTests.test_wrap_future_use_global_loop": _PLATFORM[0],
    "test_asyncio.test_futures.CFutureTests.test_wrap_future_use_running_loop": _PLATFORM[0],
    "test_asyncio.test_futures.CFutureTests.test_wrap_future_without_loop": _PLATFORM[0],
    "test_asyncio.test_futures.CSubFutureTests.test_wrap_future": _PLATFORM[0],
    "test_asyncio.test_futures.CSubFutureTests.test_wrap_future_use_global_loop": _PLATFORM[0],
    "test_asyncio.test_futures.CSubFutureTests.test_wrap_future_use_running_loop": _PLATFORM[0],
    "test_asyncio.test_futures.CSubFutureTests.test_wrap_future_without_loop": _PLATFORM[0],
    "test_asyncio.test_futures.PyFutureTests.test_wrap_future": _PLATFORM[0],
    "test_asyncio.test_futures.PyFutureTests.test_wrap_future_use_global_loop": _PLATFORM[0],
    "test_asyncio.test_futures.PyFutureTests.test_wrap_future_use_running_loop": _PLATFORM[0],
    "test_asyncio.test_futures.PyFutureTests.test_wrap_future_without_loop": _PLATFORM[0],
    "test_asyncio.test_tasks.RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe": _PLATFORM[2],
    "test_asyncio.test_tasks.RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_cancelled": _PLATFORM[2],
    "test_asyncio.test_tasks.RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_factory_exception": _PLATFORM[2],
    "test_asyncio.test_tasks.RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_with_exception": _PLATFORM[2],
}

# Only with an older CPython's test files than the page's Python (the stand-in, see README):
# tests of what changed since, which the newer files test the new way.
_OLDER = [
    "3.14's Runner.run() accepts any awaitable, TypeError for others (the 3.13 test expects ValueError; "
    "its future, never set, is awaited for ever)",
    "3.14 keeps Python tasks' registry and current task in C (per thread): the 3.13 test checks the old Python-level state",
    '3.14 passes name= to the task factory',
    "3.14 reports a never-awaited coroutine as 'Exception ignored while finalizing coroutine …', with no object",
    '3.14 words it "\'X\' object can\'t be awaited"',
    "an earlier 3.13 test of Python tasks fails on 3.14 and its task's error is logged during this one",
    "steps a loop (or mock loop) that is not running: 3.14's C _enter_task raises 'is not the running loop'",
]

OLDER_FILES: dict[str, dict[str, str]] = {
    "3.13": {
        "test_asyncio.test_runners.RunTests.test_asyncio_run_only_coro": _OLDER[0],
        "test_asyncio.test_runners.RunnerTests.test_run_future": _OLDER[0],
        "test_asyncio.test_runners.RunnerTests.test_run_non_coro": _OLDER[0],
        "test_asyncio.test_base_events.BaseEventLoopTests.test_create_named_task_with_custom_factory": _OLDER[2],
        "test_asyncio.test_eager_task_factory.EagerPyTaskTests.test_recursive_taskgroups": _OLDER[1],
        "test_asyncio.test_eager_task_factory.NonEagerPyTaskTests.test_recursive_taskgroups": _OLDER[1],
        "test_asyncio.test_eager_task_factory.PyEagerTaskFactoryLoopTests.test_all_tasks_with_blocking": _OLDER[1],
        "test_asyncio.test_eager_task_factory.PyEagerTaskFactoryLoopTests.test_all_tasks_with_eager_completion": _OLDER[1],
        "test_asyncio.test_eager_task_factory.PyEagerTaskFactoryLoopTests.test_current_task": _OLDER[1],
        "test_asyncio.test_locks.BarrierTests.test_barrier": _OLDER[4],
        "test_asyncio.test_locks.LockTests.test_lock": _OLDER[4],
        "test_asyncio.test_locks.LockTests.test_lock_by_with_statement": _OLDER[4],
        "test_asyncio.test_locks.SemaphoreTests.test_semaphore": _OLDER[4],
        "test_asyncio.test_pep492.LockTests.test_context_manager_with_await": _OLDER[4],
        "test_asyncio.test_tasks.CIntrospectionTests.test__enter_task": _OLDER[6],
        "test_asyncio.test_tasks.CIntrospectionTests.test__enter_task_failure": _OLDER[6],
        "test_asyncio.test_tasks.CIntrospectionTests.test__leave_task": _OLDER[6],
        "test_asyncio.test_tasks.CIntrospectionTests.test__leave_task_failure1": _OLDER[6],
        "test_asyncio.test_tasks.CTaskSubclass_PyFuture_Tests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.CTask_CFuture_SubclassTests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.CTask_CFuture_Tests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.CTask_PyFuture_Tests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.PyIntrospectionTests.test__enter_task": _OLDER[1],
        "test_asyncio.test_tasks.PyIntrospectionTests.test__enter_task_failure": _OLDER[1],
        "test_asyncio.test_tasks.PyIntrospectionTests.test__leave_task_failure1": _OLDER[1],
        "test_asyncio.test_tasks.PyIntrospectionTests.test__register_task_1": _OLDER[1],
        "test_asyncio.test_tasks.PyIntrospectionTests.test__register_task_2": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_CFutureSubclass_Tests.test_current_task": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_CFutureSubclass_Tests.test_error_in_call_soon": _OLDER[5],
        "test_asyncio.test_tasks.PyTask_CFutureSubclass_Tests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.PyTask_CFutureSubclass_Tests.test_uncancel_basic": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_CFutureSubclass_Tests.test_uncancel_structured_blocks": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_CFuture_Tests.test_current_task": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_CFuture_Tests.test_error_in_call_soon": _OLDER[5],
        "test_asyncio.test_tasks.PyTask_CFuture_Tests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.PyTask_CFuture_Tests.test_uncancel_basic": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_CFuture_Tests.test_uncancel_structured_blocks": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_PyFuture_SubclassTests.test_current_task": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_PyFuture_SubclassTests.test_error_in_call_soon": _OLDER[5],
        "test_asyncio.test_tasks.PyTask_PyFuture_SubclassTests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.PyTask_PyFuture_SubclassTests.test_uncancel_basic": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_PyFuture_SubclassTests.test_uncancel_structured_blocks": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_PyFuture_Tests.test_current_task": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_PyFuture_Tests.test_error_in_call_soon": _OLDER[5],
        "test_asyncio.test_tasks.PyTask_PyFuture_Tests.test_log_destroyed_pending_task": _OLDER[6],
        "test_asyncio.test_tasks.PyTask_PyFuture_Tests.test_uncancel_basic": _OLDER[1],
        "test_asyncio.test_tasks.PyTask_PyFuture_Tests.test_uncancel_structured_blocks": _OLDER[1],
        "test_coroutines.CoroutineTest.test_await_1": _OLDER[4],
        "test_coroutines.CoroutineTest.test_await_2": _OLDER[4],
        "test_coroutines.CoroutineTest.test_await_8": _OLDER[4],
        "test_coroutines.CoroutineTest.test_fatal_coro_warning": _OLDER[3],
        "test_coroutines.OriginTrackingTest.test_unawaited_warning_when_module_broken": _OLDER[3],
    },
}

# Only with a later 3.14.x's test files than the page's Python (3.14.2): tests of fixes the page's
# CPython does not have yet, in its C `_asyncio` module. The native run uses the page's own
# asyncio package (suite.native_asyncio) but its own, newer C module, so these pass natively.
_NEWER = [
    "gh-154695 (C Task with eager_start=True and no loop= used loop=None), fixed after 3.14.2: on the "
    "page's 3.14.2 the call crashes the interpreter (WebAssembly trap)",
    "a fix of the C _asyncio module after 3.14.2 (the same test of the Python classes passes)",
    "a C Task registered again from the loop's exception handler while it is being created: fixed in "
    "the C _asyncio module after 3.14.2; on the page's 3.14.2 it corrupts memory and a later test "
    "crashes the interpreter (WebAssembly trap)",
]
_C_TASK_CLASSES = ("CTaskSubclass_PyFuture_Tests", "CTask_CFuture_SubclassTests", "CTask_CFuture_Tests", "CTask_PyFuture_Tests")

NEWER_FILES: dict[str, dict[str, str]] = {
    "3.14.2": {
        **{f"test_asyncio.test_tasks.{cls}.test_eager_start_true_no_loop": _NEWER[0] for cls in _C_TASK_CLASSES},
        "test_asyncio.test_tasks.CIntrospectionTests.test_register_task_resurrection": _NEWER[2],
        "test_asyncio.test_tasks.CTask_CFuture_Tests.test_get_context_uninitialized_segfault": _NEWER[1],
        **{f"test_asyncio.test_futures.{cls}.{test}": _NEWER[1] for cls in ("CFutureTests", "CSubFutureTests")
           for test in ("test_futureiter_send_after_close_no_crash", "test_futureiter_send_after_throw_no_crash")},
    },
}
