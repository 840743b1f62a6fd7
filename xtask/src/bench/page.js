// Injected by `cargo xtask bench` before the page's own scripts, in every page
// it opens. It records the app's paint measures and its WebAssembly memory, and
// drives the page from inside: slider changes, the animation, the soak. Each
// job resolves to plain data that the Rust side reads.
(() => {
  const measures = [];
  const record = (entries) => {
    for (const e of entries) {
      if (e.name.startsWith('sepconv-')) {
        measures.push({ name: e.name, start: e.startTime, duration: e.duration });
      }
    }
  };
  const observer = new PerformanceObserver((list) => record(list.getEntries()));
  observer.observe({ type: 'measure' });
  // The observer hears of entries a task later; this takes them now.
  const flush = () => record(observer.takeRecords());

  let wasm = null;
  addEventListener('TrunkApplicationStarted', (e) => { wasm = e.detail.wasm; });

  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  // Makes `change` at the start of a frame and resolves, once that frame is
  // rendered, to the time from the change to then: the app's handlers, its
  // effects (microtasks, before rendering) and the browser's style, layout and
  // paint of the frame. Starting at a frame's start leaves out the wait for
  // vsync, as Chromium does for input it aligns to frames.
  const timeFrameAfter = (change) => new Promise((resolve) => requestAnimationFrame(() => {
    const start = performance.now();
    change();
    const channel = new MessageChannel();
    channel.port1.onmessage = () => resolve({ start, end: performance.now() });
    channel.port2.postMessage(null);
  }));

  // The layer sliders, and a position for change `i` of each: golden-ratio
  // steps spread the positions over the range, and every tenth change goes to
  // the top of it (2048 channels, 256 pixels, an 11×11 kernel).
  const sliders = () => [...document.querySelectorAll('#controls input[type=range]')];
  const position = (input, i) => {
    const [min, max] = [Number(input.min), Number(input.max)];
    const spread = i % 10 === 9 ? 1 : (i * 0.6180339887498949) % 1;
    return Math.round(min + spread * (max - min));
  };
  const numberField = (input) => input.closest('.control').querySelector('input[type=text]');
  const move = (input, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };

  const animation = () => {
    const section = document.querySelector('#animation');
    return {
      play: section.querySelector('[data-testid=play]'),
      speed: section.querySelector('.speed select'),
    };
  };
  // In view (off screen the page does not paint it), fastest speed (most paints
  // per second), and playing.
  const startAnimation = async () => {
    document.querySelector('#animation').scrollIntoView();
    await nextFrame();
    await nextFrame();
    const { play, speed } = animation();
    const fastest = speed.options[speed.options.length - 1];
    speed.value = fastest.value;
    speed.dispatchEvent(new Event('change', { bubbles: true }));
    if (play.textContent === 'Play') play.click();
    return fastest.textContent;
  };
  // Called every frame: a finished animation starts over.
  const keepPlaying = () => {
    const { play } = animation();
    if (play.textContent === 'Play') play.click();
  };
  const stopAnimation = () => {
    const { play } = animation();
    if (play.textContent === 'Pause') play.click();
  };

  window.__bench = {
    job: null,
    lab: null,
    // Runs `work` (a promise-returning function); its outcome lands in `job`.
    run(work) {
      this.job = null;
      work().then(
        (value) => { this.job = { value }; },
        (error) => { this.job = { error: String(error && error.stack || error) }; },
      );
    },

    wasmBytes: () => (wasm ? wasm.memory.buffer.byteLength : null),

    // Drops what this script has recorded, so memory measures the page alone.
    forget() {
      measures.length = 0;
      this.job = null;
    },

    // Each slider moved once, then `count` slider changes, each timed to its
    // rendered frame. The first move of each slider is timed apart: it pays for
    // compiling code the page has not run yet.
    async sliders(count, offset = 0) {
      const inputs = sliders();
      if (inputs.length === 0) throw new Error('no sliders in #controls');
      const firstTouch = [];
      for (const input of inputs) {
        const value = Number(input.value) === Number(input.max) ? input.min : input.max;
        const { start, end } = await timeFrameAfter(() => move(input, value));
        firstTouch.push(end - start);
        await nextFrame();
      }
      const changes = [];
      for (let i = offset; i < offset + count; i++) {
        const input = inputs[i % inputs.length];
        const field = numberField(input);
        const before = field.value;
        const paintsBefore = measures.length;
        const { start, end } = await timeFrameAfter(() => move(input, position(input, i)));
        flush();
        const charts = measures.slice(paintsBefore).filter((m) => m.name === 'sepconv-chart').length;
        changes.push({ ms: end - start, changed: field.value !== before, charts });
        await nextFrame();
      }
      return { firstTouch, changes };
    },

    // Plays for `seconds`; frame times and the app's paint time per frame.
    async animate(seconds) {
      const speed = await startAnimation();
      measures.length = 0;
      const frames = [];
      const end = performance.now() + seconds * 1000;
      await new Promise((resolve) => {
        const frame = (t) => {
          frames.push(t);
          keepPlaying();
          if (t < end) requestAnimationFrame(frame); else resolve();
        };
        requestAnimationFrame(frame);
      });
      stopAnimation();
      flush();
      // A measure belongs to the frame it started in.
      const draws = new Array(Math.max(frames.length - 1, 0)).fill(0);
      for (const m of measures) {
        const i = frames.findIndex((t, k) => k + 1 < frames.length && m.start >= t && m.start < frames[k + 1]);
        if (i >= 0) draws[i] += m.duration;
      }
      const intervals = frames.slice(1).map((t, k) => t - frames[k]);
      return { speed, intervals, draws: draws.filter((d) => d > 0), paints: measures.length };
    },

    // The lab's worker (#17), as the page's client drives it: started from
    // `worker` (a file beside the page), given `loads` ({message, file}: the
    // file's bytes ride under `bytes`), each answered before the next. The
    // worker stays; its events collect in `this.lab.events`.
    async startWorker(worker, loads) {
      this.stopWorker();
      const w = new Worker('./' + worker, { type: 'module' });
      const lab = { worker: w, events: [] };
      this.lab = lab;
      w.onmessage = (e) => lab.events.push(e.data);
      w.onerror = (e) => lab.events.push({ type: 'worker-error', message: String(e.message) });
      await this.until((e) => e.type === 'ready', 15000);
      for (const load of loads) {
        const message = Object.assign({}, load.message);
        message.bytes = await (await fetch('./' + load.file)).arrayBuffer();
        w.postMessage(message);
        await this.until((e) => e.id === message.id && (e.type === 'loaded' || e.type === 'failed'), 30000);
      }
      return true;
    },

    // Resolves once an event satisfies `test`; fails on the worker's failure.
    async until(test, timeoutMs) {
      const started = performance.now();
      for (;;) {
        const events = this.lab.events;
        const broken = events.find((e) => e.type === 'worker-error' || (e.type === 'failed' && e.id === 0));
        if (broken) throw new Error('the worker failed: ' + JSON.stringify(broken));
        if (events.some(test)) return true;
        if (performance.now() - started > timeoutMs) {
          throw new Error('no answer from the worker in ' + timeoutMs + ' ms: ' + JSON.stringify(events.slice(-2)));
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },

    // Posts `message` and resolves to its job's events once the job ends.
    async ask(message, timeoutMs) {
      this.lab.worker.postMessage(message);
      const ends = ['done', 'stopped', 'failed'];
      await this.until((e) => e.id === message.id && ends.includes(e.type), timeoutMs);
      return this.lab.events.filter((e) => e.id === message.id);
    },

    post(message) {
      this.lab.worker.postMessage(message);
    },

    stopWorker() {
      if (this.lab) this.lab.worker.terminate();
      this.lab = null;
    },

    // `changes` slider changes spread over `seconds` while the animation plays.
    async soak(seconds, changes, offset) {
      await startAnimation();
      const inputs = sliders();
      const gap = (seconds * 1000) / changes;
      const started = performance.now();
      let done = 0;
      while (done < changes) {
        keepPlaying();
        const i = offset + done;
        const input = inputs[i % inputs.length];
        move(input, position(input, i));
        done += 1;
        const due = started + done * gap;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
      stopAnimation();
      return { changes: done, seconds: (performance.now() - started) / 1000 };
    },
  };
})();
