// @ts-check
// The glossary entry of a law, by its name (glossary.json): where a failure
// sends the learner to read what the law's words mean.

'use strict';

const { terms } = require('./glossary.json');

/**
 * The term a law's name goes under, and its link in the student README.
 * @param {string} law @param {'core' | 'stability'} group
 * @returns {{ id: string, term: string, link: string } | undefined}
 */
function glossaryOf(law, group) {
  const found =
    group === 'stability'
      ? terms.find((t) => t.id === 'stability')
      : terms.find((t) => t.in.some((fragment) => law.includes(fragment)));
  return found && { id: found.id, term: found.term, link: `README.md#glossary-${found.id}` };
}

/**
 * The words a glossary link points to: 'central differences (README.md#glossary-central-differences)'.
 * @param {string} link
 */
function glossaryWords(link) {
  const found = terms.find((t) => link.endsWith(`#glossary-${t.id}`));
  return found ? `${found.term} (${link})` : link;
}

/** The terms whose failure explains the others: an answer of the wrong shape, or one that misuses its inputs. */
const LEADING = ['shape', 'inputs-unchanged'];

/**
 * A function's failing laws in the order a report leads with them: the shape and the inputs' misuse first
 * (an answer that aliases dLdy fails the value laws too, for that reason), then the others as they come.
 * @template {{ status: string, glossary?: string }} T @param {readonly T[]} laws @returns {T[]}
 */
function leadingFailures(laws) {
  const failing = laws.filter((l) => l.status !== 'passed');
  const leads = (/** @type {T} */ l) => LEADING.some((id) => l.glossary?.endsWith(`#glossary-${id}`));
  return [...failing.filter(leads), ...failing.filter((l) => !leads(l))];
}

module.exports = { glossaryOf, glossaryWords, leadingFailures, GLOSSARY: terms };
