// Node's modules that the bundled grader names but never calls in the browser
// (the child processes, the stage on disk): nothing.
module.exports = {};
