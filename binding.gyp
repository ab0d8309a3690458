{
  "targets": [
    {
      "target_name": "nnlab_native",
      "sources": ["native/nnlab.c"],
      "cflags_c": ["-std=gnu11", "-O3", "-ffp-contract=off", "-fno-fast-math", "-pthread"],
      "cflags!": ["-ffast-math"],
      "ldflags": ["-pthread"]
    }
  ]
}
