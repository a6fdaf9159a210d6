// Starts the workbook reader in its web worker (src/bin/import_worker.rs; src/app/workbook.rs creates
// the worker with this file). In place of Trunk's loader shim: a failure to fetch or start the wasm is
// thrown again outside the promise, so the page gets the worker's `error` event at once and says so,
// instead of waiting for a worker that never says it is ready. Names as Trunk writes them for a worker
// binary (unhashed).
importScripts('./jixiao-import.js');
wasm_bindgen('./jixiao-import_bg.wasm').catch((error) =>
  setTimeout(() => {
    throw error;
  }),
);
