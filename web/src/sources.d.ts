// What web/build.js bundles as 'web:sources': the kata files the page starts
// from (katas/), and the reference answers the repository holds (solutions/).
declare module 'web:sources' {
  export const katas: Record<string, string>;
  export const solutions: Record<string, string>;
}
