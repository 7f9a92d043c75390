// Service worker of the WPS login self-check. It keeps the app shell (page,
// scripts, wasm, styles, icons) so that the page opens and guides with no
// network, and it never touches the probes: cross-origin requests and the
// live API (/api/time, /api/status, /api/reports) always go to the network,
// and so does the config snapshot of an exported page (its Date is the
// page's clock reference: a cached copy would carry an old one).
const cacheName = "app-" + "{{.Version}}";
const resourcesToCache = {{.ResourcesToCache}};
const keepOffline = ["/api/config"]; // network first, cached copy offline
const networkOnly = ["/config.json"];
const homes = ["/", "/zh/", "/en/"]; // the self-check page, in any language

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(resourcesToCache))
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.map((key) => (key !== cacheName ? caches.delete(key) : undefined)))
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  if (req.method !== "GET") return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return; // probes: straight to the network

  if (keepOffline.includes(url.pathname)) {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok) {
            const copy = res.clone();
            caches.open(cacheName).then((c) => c.put(url.pathname, copy));
          }
          return res;
        })
        .catch(() => caches.match(url.pathname).then((r) => r || Response.error()))
    );
    return;
  }
  if (url.pathname.startsWith("/api/") || networkOnly.includes(url.pathname)) return; // never from a cache

  if (req.mode === "navigate") {
    // The self-check page opens from the cached shell at once; other pages
    // (agent view) try the network first. go-app routes by URL either way
    // (the shell is the page prerendered for "/"; the wasm then shows the
    // language of /en/ or /zh/).
    const shell = () => caches.match("/");
    event.respondWith(
      homes.includes(url.pathname)
        ? shell().then((r) => r || fetch(req))
        : fetch(req).catch(() => shell().then((r) => r || Response.error()))
    );
    return;
  }
  event.respondWith(caches.match(req).then((r) => r || fetch(req)));
});
