// @ts-check
// npm run kata's terminal: it needs one, draws each frame on the alternate
// screen (so nothing piles up in the scrollback and the shell comes back as it
// was), reads single keys, and redraws when the window is resized.

'use strict';

const ALT_SCREEN_ON = '\u001b[?1049h\u001b[?25l';
const ALT_SCREEN_OFF = '\u001b[?25h\u001b[?1049l';
const HOME_AND_CLEAR = '\u001b[H\u001b[2J';

/** Without a terminal there is no loop to run: say so, and where to go instead. */
function requireTerminal() {
  if (process.stdin.isTTY && process.stdout.isTTY) return;
  process.stderr.write(
    'npm run kata needs a terminal (it redraws the screen and reads keys); ' +
      'run it in one, or grade once with npm run grade\n',
  );
  process.exit(1);
}

/**
 * Takes over the terminal until leave() is called.
 * @param {{ onKey: (key: string) => void, onResize: () => void }} handlers
 */
function takeOver(handlers) {
  process.stdout.write(ALT_SCREEN_ON);
  process.stdin.setRawMode(true);
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (data) => {
    for (const key of String(data)) handlers.onKey(key);
  });
  process.stdout.on('resize', handlers.onResize);
  // Whatever ends the process gives the shell its screen back.
  process.on('exit', leave);
}

function leave() {
  if (process.stdin.isTTY) process.stdin.setRawMode(false);
  process.stdout.write(ALT_SCREEN_OFF);
}

/** One frame, drawn over the last. @param {string} frame */
function draw(frame) {
  process.stdout.write(HOME_AND_CLEAR + frame + '\n');
}

/** The terminal's size now. */
const size = () => ({ columns: process.stdout.columns || 80, rows: process.stdout.rows || 24 });

module.exports = { requireTerminal, takeOver, leave, draw, size, HOME_AND_CLEAR };
