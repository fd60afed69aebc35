/** `npm run repl` (node dist/repl.js): the kit at a prompt. The prompt itself lives in repl/. */
import { main } from "./repl/main.js";

main();
