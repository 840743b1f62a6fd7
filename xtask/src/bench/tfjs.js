// The page `cargo xtask bench` opens to train the lab's twin nets with
// TensorFlow.js (loaded before this script, from the same folder). Jobs
// resolve to plain data that the Rust side reads (`window.__bench.job`).
(() => {
  // `Dataset::pack`'s format: "SCDS", version, classes, width, height (u16 LE),
  // count (u32 LE), the pixels, the labels, a checksum.
  const unpack = (buffer) => {
    const view = new DataView(buffer);
    const magic = String.fromCharCode(...new Uint8Array(buffer, 0, 4));
    if (magic !== 'SCDS') throw new Error('not a packed data set');
    const classes = view.getUint16(6, true);
    const width = view.getUint16(8, true);
    const height = view.getUint16(10, true);
    const count = view.getUint32(12, true);
    const pixels = new Uint8Array(buffer, 16, count * width * height);
    const labels = new Uint8Array(buffer, 16 + count * width * height, count);
    return { classes, width, height, count, pixels, labels };
  };

  // The lab's net (train/src/net.rs, NetSpec::lab): a 3×3 stem of 16α
  // channels, three blocks of 32α, 64α, 128α channels at stride 2 (standard:
  // one 3×3 convolution; separable: 3×3 depthwise then 1×1 pointwise), ReLU
  // after each, global average pooling, a dense layer to 10 classes; biases
  // everywhere; Adam (0.003, 0.9, 0.999, 1e-8), batches of 32.
  const width = (c, alpha) => Math.max(1, Math.floor(alpha * c));
  const build = (family, data, alpha) => {
    const model = tf.sequential();
    model.add(tf.layers.conv2d({
      inputShape: [data.height, data.width, 1], filters: width(16, alpha), kernelSize: 3,
      padding: 'same', activation: 'relu',
    }));
    for (const channels of [32, 64, 128]) {
      if (family === 'standard') {
        model.add(tf.layers.conv2d({
          filters: width(channels, alpha), kernelSize: 3, strides: 2, padding: 'same', activation: 'relu',
        }));
      } else {
        model.add(tf.layers.depthwiseConv2d({
          kernelSize: 3, strides: 2, padding: 'same', depthMultiplier: 1, activation: 'relu',
        }));
        model.add(tf.layers.conv2d({ filters: width(channels, alpha), kernelSize: 1, activation: 'relu' }));
      }
    }
    model.add(tf.layers.globalAveragePooling2d({}));
    model.add(tf.layers.dense({ units: data.classes, activation: 'softmax' }));
    model.compile({ optimizer: tf.train.adam(0.003, 0.9, 0.999, 1e-8), loss: 'categoricalCrossentropy' });
    return model;
  };

  window.__bench = {
    job: null,
    run(work) {
      this.job = null;
      work().then(
        (value) => { this.job = { value }; },
        (error) => { this.job = { error: String(error && error.stack || error) }; },
      );
    },

    // One epoch of `family` at `alpha` on the first `limit` images of the
    // packed file `file` with TensorFlow.js's `backend`: after a warm-up of two
    // batches, the epoch's time (model.fit, batches of 32, shuffled, yielding to
    // the page as TensorFlow.js does by default). A backend
    // that cannot train the net resolves to its error, not a failure.
    async epoch(file, family, alpha, backend, limit) {
      if (backend === 'wasm') tf.wasm.setWasmPaths('./');
      if (!(await tf.setBackend(backend))) return { backend, error: 'the backend did not start' };
      await tf.ready();
      const data = unpack(await (await fetch('./' + file)).arrayBuffer());
      data.count = Math.min(data.count, limit);
      data.pixels = data.pixels.subarray(0, data.count * data.height * data.width);
      data.labels = data.labels.subarray(0, data.count);
      const x = tf.tidy(() => tf.tensor4d(data.pixels, [data.count, data.height, data.width, 1], 'float32').div(255));
      const y = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.classes).toFloat());
      const model = build(family, data, alpha);
      try {
        const warm = 64;
        await model.fit(x.slice(0, warm), y.slice(0, warm), { batchSize: 32, epochs: 1, shuffle: false, verbose: 0 });
        const started = performance.now();
        const history = await model.fit(x, y, { batchSize: 32, epochs: 1, shuffle: true, verbose: 0 });
        const ms = performance.now() - started;
        return {
          backend: tf.getBackend(), family, alpha, images: data.count, train_ms: ms,
          images_per_second: (data.count * 1000) / ms, train_loss: history.history.loss[0],
          params: model.countParams(), simd: backend === 'wasm' ? await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT') : null,
        };
      } catch (error) {
        return { backend, family, alpha, error: String(error && error.message || error) };
      } finally {
        model.dispose();
        x.dispose();
        y.dispose();
      }
    },
  };
  window.__tfjsReady = true;
})();
