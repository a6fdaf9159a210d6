// Starts the app. Trunk would inline this as a <script>; a separate file lets the page's
// Content-Security-Policy refuse every inline script (index.html). Trunk.toml's pattern_script puts the
// hashed names of the wasm-bindgen module and of the .wasm on this script's tag.
// The single file (scripts/single.mjs) runs these same steps inline, with the two `new URL(tag…)`
// loads swapped for the glue and the wasm it carries: keep them as they are written.
const tag = document.querySelector('script[data-jixiao-boot]');
try {
  const base = document.baseURI;
  const bindings = await import(new URL(tag.dataset.js, base).href);
  const wasm = await bindings.default({ module_or_path: new URL(tag.dataset.wasm, base).href });
  // As Trunk's own loader does: the exports and the started event (scripts/bench.sh uses both).
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm } }));
} catch (error) {
  // Without WebAssembly (or with the files missing) say so, in place of a blank page.
  console.error(error);
  // The loading skeleton (index.html) would say it is still loading: the notice takes its place.
  document.querySelector('[data-loading]')?.remove();
  const notice = document.createElement('p');
  notice.setAttribute('role', 'alert');
  notice.dataset.testid = 'boot-failed';
  notice.style.cssText = 'margin:2rem;font:16px/1.6 system-ui,sans-serif';
  notice.textContent =
    '绩效自评计算器无法启动：此浏览器不支持 WebAssembly，或页面文件不完整。请用新版浏览器重新打开。' +
    ' The calculator could not start: this browser lacks WebAssembly, or the page is incomplete.';
  document.body.append(notice);
}
