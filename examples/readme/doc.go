// Package readme keeps the usage sketch in the repository's README.md compiling and working: its
// test holds the README's code block to a copy that is compiled and run against the memory store.
package readme
