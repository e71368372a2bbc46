"""The golden stories (cases/timeline.py's story()) of the seed examples' timelines (web/examples/)."""

SUM_STARTS = ["start main", "start sum", "start sum", "run main 0s"]

GOLDEN = {
    "coroutine": ["stop"],  # defines a coroutine, never runs it
    "ex1-sync": ["stop"],  # no event loop at all
    "coroutine-run": [
        "start hello_world", "run hello_world 0s", "wait hello_world sleep@5 1s",
        "run hello_world 0s", "end hello_world done", "stop",
    ],
    "tasks-modern": [
        "start main", "start hello_world", "run main 0s", "wait main task@10 1s",
        "run hello_world 0s", "wait hello_world sleep@5 1s", "run hello_world 0s",
        "end hello_world done", "run main 0s", "end main done", "stop",
    ],
    # Three tasks wait 2 s, 1 s and 3 s at the same time: the whole run takes 3 s.
    "gather": [
        "start main", "start task", "start task", "start task", "run main 0s",
        "wait main gather@12 3s",
        "run task 0s", "wait task sleep@7 2s",
        "run task 0s", "wait task sleep@7 1s",
        "run task 0s", "wait task sleep@7 3s",
        "run task 0s", "end task done",
        "run task 0s", "end task done",
        "run task 0s", "end task done",
        "run main 0s", "end main done", "stop",
    ],
    # time.sleep(1) blocks: A holds the loop 2 s (two blocks), then B 3 s; main waits 5 s.
    "ex1-async-incorrect-modern": SUM_STARTS + [
        "wait main gather@17 5s",
        "run sum 0s", "block sum @6 1s", "run sum 1s", "block sum @6 1s", "run sum 1s", "end sum done",
        "run sum 0s", "block sum @6 1s", "run sum 1s", "block sum @6 1s", "run sum 1s",
        "block sum @6 1s", "run sum 1s", "end sum done",
        "run main 0s", "end main done", "stop",
    ],
    # await asyncio.sleep(1): A and B wait side by side, about 1 s each time; 3 s in all.
    "ex1-async-correct-modern": SUM_STARTS + [
        "wait main gather@17 3s",
        "run sum 0s", "wait sum sleep@6 1s", "run sum 0s", "wait sum sleep@6 1s",
        "run sum 0s", "wait sum sleep@6 1s", "run sum 0s", "wait sum sleep@6 1s",
        "run sum 0s", "end sum done",
        "run sum 0s", "wait sum sleep@6 1s", "run sum 0s", "end sum done",
        "run main 0s", "end main done", "stop",
    ],
    "ex2-fixed": [
        "start main", "start print_sum", "start dosomethingelse", "start compute", "run main 0s",
        "wait main wait@23 1s",
        "run print_sum 0s", "wait print_sum sleep@8 1s",
        "run dosomethingelse 0s", "end dosomethingelse done",
        "run compute 0s", "wait compute sleep@8 1s",
        "run print_sum 0s", "end print_sum done",
        "run compute 0s", "end compute done",
        "run main 0s", "end main done", "stop",
    ],
}

# The article's own code calls asyncio.get_event_loop() first: Python 3.14 stops right
# there (no task ever runs); 3.13 warns, makes a loop and goes on.
GOLDEN_GET_EVENT_LOOP = {
    "tasks": [
        "start hello_world", "run hello_world 0s", "wait hello_world sleep@5 1s",
        "run hello_world 0s", "end hello_world done", "stop",
    ],
    "ex1-async-incorrect": [
        "start sum", "start sum", "start wait",
        "run sum 0s", "block sum @6 1s", "run sum 1s", "block sum @6 1s", "run sum 1s", "end sum done",
        "run sum 0s", "block sum @6 1s", "run sum 1s", "block sum @6 1s", "run sum 1s",
        "block sum @6 1s", "run sum 1s", "end sum done",
        "run wait 0s", "wait wait wait@0 0s", "run wait 0s", "end wait done", "stop",
    ],
    "ex1-async-correct": [
        "start sum", "start sum", "start wait",
        "run sum 0s", "wait sum sleep@6 1s", "run sum 0s", "wait sum sleep@6 1s",
        "run wait 0s", "wait wait wait@0 3s",
        "run sum 0s", "wait sum sleep@6 1s", "run sum 0s", "wait sum sleep@6 1s",
        "run sum 0s", "end sum done",
        "run sum 0s", "wait sum sleep@6 1s", "run sum 0s", "end sum done",
        "run wait 0s", "end wait done", "stop",
    ],
    "ex2": ["start wait", "run wait 0s", "end wait failed", "stop"],
}
