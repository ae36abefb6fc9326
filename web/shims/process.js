// The one `process` the browser bundles see (esbuild's inject): the settings
// the grader reads from the environment are their defaults, but for the
// assignment, which the build fixes (web/build.js defines KATA_WEB_EXERCISES).
/* global KATA_WEB_EXERCISES */
// @ts-expect-error -- defined by the build
const exercises = KATA_WEB_EXERCISES;
export const process = {
  env: { KATA_EXERCISES: exercises },
  cwd: () => '/',
  platform: 'browser',
  versions: {},
};
