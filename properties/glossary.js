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

module.exports = { glossaryOf, glossaryWords, GLOSSARY: terms };
