// The core's calls, numbered as in src/api/runtime.rs (`op`). A module of constants only:
// that is what lets the bundler write the numbers in place.
export const CLASSIFY = 0, RETRY_AFTER_MS = 1, BACKOFF_SCHEDULE = 2, PARSE_ERROR = 3, DIAGNOSE = 4, TO_CURL = 5,
  EXPORT_CIRCUITS = 6, IMPORT_CIRCUITS = 7, RESET_CIRCUITS = 8, START = 9, GATE = 10,
  AFTER = 11, END = 12;
