// @ts-check
// What a kata file's type errors cost, and how a report shows them: plain
// data, with nothing of Node's, so that npm run kata's state and the web page
// read them alike. typecheck.js finds the errors.

'use strict';

/**
 * @typedef {{ messages: string[], count: number, functions: Record<string, number> | null, inside: (string | null)[]
 *   }} FileErrors what a file's type errors cost: the functions named, with how many errors each holds (no
 *   error is elsewhere), or the whole file (null); the messages shown (at most MAX_MESSAGES, without the line
 *   saying how many more there were) and how many there were; and the function each shown message sits in
 *   (inside[k] for messages[k]), where one does
 */

/**
 * Messages as a report shows them: the first one's line says how many there are in all (a gradebook's note
 * shows that line alone), and a last line how many were not shown.
 * @param {string[]} messages @param {number} count @param {string} where what they are in: 'linear.ts'
 * @returns {string[]}
 */
function withCount(messages, count, where) {
  if (messages.length === 0) return messages;
  const [first, ...frame] = messages[0].split('\n');
  const more = count > 1 ? ` (and ${count - 1} more)` : '';
  const shown = [[first + more, ...frame].join('\n'), ...messages.slice(1)];
  if (count > messages.length) shown.push(`… and ${count - messages.length} more errors in ${where}, not shown`);
  return shown;
}

/**
 * Whom a file's errors are charged to under a policy (KATA_TYPE_ERRORS): the functions they sit in, with how many
 * each holds, or null for the whole file ('file', or 'function' with an error outside every graded function).
 * @param {FileErrors} found @param {string} policy @returns {Record<string, number> | null}
 */
const chargedFunctions = (found, policy) => (policy === 'function' ? found.functions : null);

/**
 * The errors that cost function fn of file under a policy (KATA_TYPE_ERRORS), as a report shows them, or
 * undefined when they cost it nothing. 'function': those inside fn, or all of the file's when one sits
 * outside every graded function; 'file': all of the file's; 'report': none (they are shown, not counted).
 * @param {FileErrors | undefined} found @param {string} file @param {string} fn
 * @param {string} policy 'function', 'file' or 'report' @returns {string[] | undefined}
 */
function errorsCosting(found, file, fn, policy) {
  if (!found || policy === 'report') return undefined;
  const functions = chargedFunctions(found, policy);
  if (functions && !(fn in functions)) return undefined;
  const own = functions ? found.messages.filter((_, j) => found.inside[j] === fn) : [];
  // Its own may all lie past the first messages shown: the file's are shown then.
  return functions && own.length > 0 ? withCount(own, functions[fn], fn) : withCount(found.messages, found.count, file);
}

module.exports = { chargedFunctions, errorsCosting, withCount };
