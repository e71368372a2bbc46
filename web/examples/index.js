// The examples of the seed article (shared/seed/asyncio-article.fr.md), in its order.
// `verbatim: true` code is the article's, byte for byte (String.raw keeps its "\n"s);
// the other entries are variants that run on Python 3.14 as the article intended.

/** @typedef {{id: string, title: string, titleEn: string, description: string,
 *             descriptionEn: string, verbatim: boolean, code: string}} Example */

/** @type {readonly Example[]} */
export const EXAMPLES = Object.freeze([
  {
    id: 'coroutine',
    title: 'Coroutines',
    titleEn: 'Coroutines',
    verbatim: true,
    description: "Le code de l'article définit la coroutine hello_world sans jamais l'exécuter : tel quel, il n'affiche rien. Appeler hello_world() ne fait que créer un objet coroutine ; c'est la boucle d'événements qui l'exécute.",
    descriptionEn: 'The article’s code defines the hello_world coroutine but never runs it: as written it prints nothing. Calling hello_world() only creates a coroutine object; the event loop is what runs it.',
    code: String.raw`import asyncio

async def hello_world():
    print("Hello, World!")
    await asyncio.sleep(1)  # Simuler une opération de blocage
    print("Hello again!")
`,
  },
  {
    id: 'coroutine-run',
    title: 'Coroutines, lancée avec asyncio.run',
    titleEn: 'Coroutines, run with asyncio.run',
    verbatim: false,
    description: 'La même coroutine, confiée à la boucle par asyncio.run(hello_world()) : elle affiche « Hello, World! », attend une seconde, puis affiche « Hello again! ».',
    descriptionEn: 'The same coroutine, handed to the event loop with asyncio.run(hello_world()): it prints “Hello, World!”, waits one second, then prints “Hello again!”.',
    code: String.raw`import asyncio

async def hello_world():
    print("Hello, World!")
    await asyncio.sleep(1)  # Simuler une opération de blocage
    print("Hello again!")

asyncio.run(hello_world())
`,
  },
  {
    id: 'tasks',
    title: 'Tâches',
    titleEn: 'Tasks',
    verbatim: true,
    description: "Le code de l'article, tel quel. Depuis Python 3.14, asyncio.get_event_loop() lève une RuntimeError quand aucune boucle n'est définie : le programme s'arrête dès cette ligne, comme sur votre machine. La version avec asyncio.run montre ce que l'article voulait illustrer.",
    descriptionEn: 'The article’s code, as written. Since Python 3.14, asyncio.get_event_loop() raises RuntimeError when no event loop is set, so the program stops at that line, just as on your own machine. The asyncio.run version shows what the article meant.',
    code: String.raw`import asyncio

async def hello_world():
    print("Hello, World!")
    await asyncio.sleep(1)
    print("Hello again!")

loop = asyncio.get_event_loop()
task = loop.create_task(hello_world())
loop.run_until_complete(task)
loop.close()
`,
  },
  {
    id: 'tasks-modern',
    title: 'Tâches, avec asyncio.run',
    titleEn: 'Tasks, with asyncio.run',
    verbatim: false,
    description: 'La même tâche, écrite comme aujourd’hui : asyncio.run(main()) crée la boucle et la ferme à la fin, et asyncio.create_task planifie hello_world dans cette boucle.',
    descriptionEn: 'The same task, written the modern way: asyncio.run(main()) creates the event loop and closes it at the end, and asyncio.create_task schedules hello_world on that loop.',
    code: String.raw`import asyncio

async def hello_world():
    print("Hello, World!")
    await asyncio.sleep(1)
    print("Hello again!")

async def main():
    task = asyncio.create_task(hello_world())
    await task

asyncio.run(main())
`,
  },
  {
    id: 'gather',
    title: 'Concurrence et opérations de blocage',
    titleEn: 'Concurrency and blocking operations',
    verbatim: true,
    description: 'Trois tâches attendent 2 s, 1 s et 3 s en même temps grâce à asyncio.gather. La Tâche 2 finit la première et le tout dure environ 3 s (le plus long délai), pas 6 s.',
    descriptionEn: 'Three tasks wait 2 s, 1 s and 3 s at the same time thanks to asyncio.gather. Task 2 finishes first and the whole run takes about 3 s (the longest delay), not 6 s.',
    code: String.raw`import asyncio
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
`,
  },
  {
    id: 'ex1-sync',
    title: 'Exemple 1 : programmation synchrone',
    titleEn: 'Example 1: synchronous programming',
    verbatim: true,
    description: 'Sans asyncio, tout est séquentiel : la tâche A fait 2 pauses d’une seconde, puis la tâche B en fait 3. Le programme dure donc environ 5 s.',
    descriptionEn: 'Without asyncio everything is sequential: task A sleeps one second twice, then task B sleeps three times. The program takes about 5 s.',
    code: String.raw`import time

def sleep():
    print(f'Time: {time.time() - start:.2f}')
    time.sleep(1)

def sum(name, numbers):
    total = 0
    for number in numbers:
        print(f'Task {name}: Computing {total}+{number}')
        sleep()
        total += number
    print(f'Task {name}: Sum = {total}\n')

start = time.time()
tasks = [sum("A", [1, 2]), sum("B", [1, 2, 3])]
end = time.time()
print(f'Time: {end-start:.2f} sec')
`,
  },
  {
    id: 'ex1-async-incorrect',
    title: 'Exemple 1 : programmation asynchrone (utilisation incorrecte)',
    titleEn: 'Example 1: asynchronous programming (incorrect use)',
    verbatim: true,
    description: "Le code de l'article, tel quel. Il s'arrête dès asyncio.get_event_loop(), qui lève une RuntimeError depuis Python 3.14 faute de boucle définie. La version avec asyncio.run montre la leçon visée : time.sleep() bloque la boucle.",
    descriptionEn: 'The article’s code, as written. It stops at asyncio.get_event_loop(), which raises RuntimeError since Python 3.14 when no event loop is set. The asyncio.run version shows the intended lesson: time.sleep() blocks the loop.',
    code: String.raw`import asyncio
import time

async def sleep():
    print(f'Time: {time.time() - start:.2f}')
    time.sleep(1)

async def sum(name, numbers):
    total = 0
    for number in numbers:
        print(f'Task {name}: Computing {total}+{number}')
        await sleep()
        total += number
    print(f'Task {name}: Sum = {total}\n')

start = time.time()
loop = asyncio.get_event_loop()
tasks = [loop.create_task(sum("A", [1, 2])), loop.create_task(sum("B", [1, 2, 3]))]
loop.run_until_complete(asyncio.wait(tasks))
loop.close()
end = time.time()
print(f'Time: {end-start:.2f} sec')
`,
  },
  {
    id: 'ex1-async-incorrect-modern',
    title: 'Exemple 1 : utilisation incorrecte, avec asyncio.run',
    titleEn: 'Example 1: incorrect use, with asyncio.run',
    verbatim: false,
    description: 'La même leçon avec asyncio.run et asyncio.gather. time.sleep(1) bloque toute la boucle : A se termine avant que B ne commence, et le total reste d’environ 5 s, comme en synchrone.',
    descriptionEn: 'The same lesson with asyncio.run and asyncio.gather. time.sleep(1) blocks the whole loop: A finishes before B starts, and the total stays about 5 s, as in the synchronous version.',
    code: String.raw`import asyncio
import time

async def sleep():
    print(f'Time: {time.time() - start:.2f}')
    time.sleep(1)

async def sum(name, numbers):
    total = 0
    for number in numbers:
        print(f'Task {name}: Computing {total}+{number}')
        await sleep()
        total += number
    print(f'Task {name}: Sum = {total}\n')

async def main():
    await asyncio.gather(sum("A", [1, 2]), sum("B", [1, 2, 3]))

start = time.time()
asyncio.run(main())
end = time.time()
print(f'Time: {end-start:.2f} sec')
`,
  },
  {
    id: 'ex1-async-correct',
    title: 'Exemple 1 : programmation asynchrone (utilisation correcte)',
    titleEn: 'Example 1: asynchronous programming (correct use)',
    verbatim: true,
    description: "Le code de l'article, tel quel. Comme la version incorrecte, il s'arrête sur asyncio.get_event_loop(), qui lève une RuntimeError depuis Python 3.14. La version avec asyncio.run montre le gain : environ 3 s au lieu de 5 s.",
    descriptionEn: 'The article’s code, as written. Like the incorrect version, it stops at asyncio.get_event_loop(), which raises RuntimeError since Python 3.14. The asyncio.run version shows the gain: about 3 s instead of 5 s.',
    code: String.raw`import asyncio
import time

async def sleep():
    print(f'Time: {time.time() - start:.2f}')
    await asyncio.sleep(1)

async def sum(name, numbers):
    total = 0
    for number in numbers:
        print(f'Task {name}: Computing {total}+{number}')
        await sleep()
        total += number
    print(f'Task {name}: Sum = {total}\n')

start = time.time()
loop = asyncio.get_event_loop()
tasks = [loop.create_task(sum("A", [1, 2])), loop.create_task(sum("B", [1, 2, 3]))]
loop.run_until_complete(asyncio.wait(tasks))
loop.close()
end = time.time()
print(f'Time: {end-start:.2f} sec')
`,
  },
  {
    id: 'ex1-async-correct-modern',
    title: 'Exemple 1 : utilisation correcte, avec asyncio.run',
    titleEn: 'Example 1: correct use, with asyncio.run',
    verbatim: false,
    description: 'Avec await asyncio.sleep(1), la boucle passe d’une tâche à l’autre pendant les pauses : A (2 pauses) et B (3 pauses) avancent ensemble. Le total tombe à environ 3 s, contre 5 s en séquentiel.',
    descriptionEn: 'With await asyncio.sleep(1) the loop switches tasks during each pause: A (2 pauses) and B (3 pauses) make progress together. The total drops to about 3 s, versus 5 s sequentially.',
    code: String.raw`import asyncio
import time

async def sleep():
    print(f'Time: {time.time() - start:.2f}')
    await asyncio.sleep(1)

async def sum(name, numbers):
    total = 0
    for number in numbers:
        print(f'Task {name}: Computing {total}+{number}')
        await sleep()
        total += number
    print(f'Task {name}: Sum = {total}\n')

async def main():
    await asyncio.gather(sum("A", [1, 2]), sum("B", [1, 2, 3]))

start = time.time()
asyncio.run(main())
end = time.time()
print(f'Time: {end-start:.2f} sec')
`,
  },
  {
    id: 'ex2',
    title: 'Exemple 2 : application asynchrone simple',
    titleEn: 'Example 2: simple asynchronous application',
    verbatim: true,
    description: "Le code de l'article, tel quel, avec trois problèmes. Sous Python 3.14 il s'arrête dès asyncio.get_event_loop() (RuntimeError) ; même avec une boucle, asyncio.wait() refuse les coroutines depuis Python 3.11 (TypeError), et result2 = x * y crée une variable locale, si bien que le print(result2) final afficherait 0.",
    descriptionEn: 'The article’s code, as written, with three problems. On Python 3.14 it stops at asyncio.get_event_loop() (RuntimeError); even with a loop, asyncio.wait() rejects coroutines since Python 3.11 (TypeError), and result2 = x * y assigns a local variable, so the final print(result2) would print 0.',
    code: String.raw`import asyncio

result2 = 0

async def compute(x, y):
    print(f"Compute {x} + {y} ...")
    await asyncio.sleep(1.0)
    result2 = x * y
    return x + y

async def print_sum(x, y):
    result = await compute(x, y)
    print(f"{x} + {y} = {result}")

async def dosomethingelse():
    print("I've got a lovely bunch of coconuts")

loop = asyncio.get_event_loop()
tasks = [print_sum(1, 2), dosomethingelse(), compute(2, 4)]
loop.run_until_complete(asyncio.wait(tasks))
loop.close()
print(result2)
`,
  },
  {
    id: 'ex2-fixed',
    title: 'Exemple 2 : version corrigée',
    titleEn: 'Example 2: fixed version',
    verbatim: false,
    description: 'Corrigé : asyncio.run, de vraies tâches passées à asyncio.wait, et global result2 dans compute. Les trois tâches tournent ensemble (environ 1 s) et la dernière ligne affiche 8.',
    descriptionEn: 'Fixed: asyncio.run, real tasks passed to asyncio.wait, and global result2 in compute. The three tasks run together (about 1 s) and the last line prints 8.',
    code: String.raw`import asyncio

result2 = 0

async def compute(x, y):
    global result2
    print(f"Compute {x} + {y} ...")
    await asyncio.sleep(1.0)
    result2 = x * y
    return x + y

async def print_sum(x, y):
    result = await compute(x, y)
    print(f"{x} + {y} = {result}")

async def dosomethingelse():
    print("I've got a lovely bunch of coconuts")

async def main():
    tasks = [asyncio.create_task(print_sum(1, 2)),
             asyncio.create_task(dosomethingelse()),
             asyncio.create_task(compute(2, 4))]
    await asyncio.wait(tasks)

asyncio.run(main())
print(result2)
`,
  },
  {
    id: 'ex3-aiohttp',
    title: 'Exemple 3 : application Web asynchrone',
    titleEn: 'Example 3: asynchronous web application',
    verbatim: true,
    description: "Le code de l'article, tel quel. web.run_app sert l'application dans la page : envoyez-lui des requêtes depuis le panneau « Serveur » (GET / et GET /Alice), puis cliquez sur Arrêter, comme Ctrl+C dans un terminal.",
    descriptionEn: 'The article’s code, as written. web.run_app serves the app inside the page: send it requests from the Server panel (GET / and GET /Alice), then press Stop, as Ctrl+C would in a terminal.',
    code: String.raw`from aiohttp import web

async def handle(request):
    name = request.match_info.get('name', "Anonymous")
    text = "Hello, " + name
    return web.Response(text=text)

app = web.Application()
app.add_routes([web.get('/', handle),
                web.get('/{name}', handle)])

if __name__ == '__main__':
    web.run_app(app)
`,
  },
].map(Object.freeze));

export const DEFAULT_EXAMPLE_ID = 'gather';

/** The example with this id, or undefined. */
export function findExample(id) {
  return EXAMPLES.find((example) => example.id === id);
}

/** What a menu shows: the French title, followed by the English one in an English UI. */
export function exampleLabel(example, lang) {
  if (lang === 'fr' || example.title === example.titleEn) return example.title;
  return `${example.title} — ${example.titleEn}`;
}
