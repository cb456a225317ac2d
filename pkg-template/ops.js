// The core's calls, numbered as in src/api/runtime.rs (`op`). A module of constants only:
// that is what lets the bundler write the numbers in place.
export const CLASSIFY = 0, RETRY_AFTER_MS = 1, PARSE_ERROR = 2, DIAGNOSE = 3, TO_CURL = 4, START = 5,
  BACKOFF_SCHEDULE = 6, EXPORT_CIRCUITS = 7, IMPORT_CIRCUITS = 8, RESET_CIRCUITS = 9, GATE = 10,
  AFTER = 11, END = 12;
