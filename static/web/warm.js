// The self-check's warm-up worker (started by app.js: wpscheckWarm). It runs
// the module the page has just compiled once on its own, before the page's
// Go starts: V8 compiles each wasm function on its first call, and the code
// is shared with the page's instance. Here the Go main (browser.Warming)
// runs the check page's code on made-up results (ui.Warm), in the page's
// language (wpscheckWarmLang), and leaves how many parts of it failed in
// wpscheckWarmCold. The worker fetches and stores nothing, and closes
// itself when done.
"use strict";
importScripts("/wasm_exec.js");
onmessage = async (e) => {
  // {module, lang}; a page of the version before posted the module alone.
  const module = e.data instanceof WebAssembly.Module ? e.data : e.data && e.data.module;
  try {
    globalThis.wpscheckWarming = true;
    globalThis.wpscheckWarmLang = e.data && typeof e.data.lang === "string" ? e.data.lang : "";
    const go = new Go();
    const instance = await WebAssembly.instantiate(module, go.importObject);
    await go.run(instance);
  } catch (err) {
    // The page starts its Go on this "done" all the same.
  }
  postMessage({done: true, cold: globalThis.wpscheckWarmCold ?? null});
  close();
};
