// Extra build settings merged into @jupyter/builder's Rspack config (package.json
// "jupyterlab.webpackConfig").  Module ids are named after paths relative to this
// folder, so the build is byte-for-byte the same in every checkout location
// (tests/test_extension_build.py rebuilds it in a temporary copy and compares).
module.exports = {
  optimization: {
    moduleIds: 'named',
    chunkIds: 'named'
  }
};
