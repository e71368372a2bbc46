import asyncio
import time

async def task(name, delay):
    start = time.time()
    print(f"[{name}] Début de la tâche...")
    await asyncio.sleep(delay)
    end = time.time()
    print(f"[{name}] Tâche terminée après {end - start:.2f} secondes.")

async def main():
    await asyncio.gather(
        task("Tâche 1", 2),
        task("Tâche 2", 1),
        task("Tâche 3", 3)
    )

asyncio.run(main())
