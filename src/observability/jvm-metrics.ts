import { ExporterRuleSet, MetricType } from './exporter-config';

// The JVM's own MBeans (java.lang), read by rules rather than taken from the agent's
// built-in JVM collector, whose names differ between the 0.x and 1.x agents
// (jvm_memory_bytes_used against jvm_memory_used_bytes): these come out the same under both.

/** Heap, garbage collection, threads, CPU and file descriptors of any JVM component. */
export const JVM_RULES: ExporterRuleSet = {
  objectNames: [
    'java.lang:type=Memory',
    'java.lang:type=GarbageCollector,*',
    'java.lang:type=Threading',
    'java.lang:type=OperatingSystem',
  ],
  rules: [
    {
      pattern: 'java.lang<type=Memory><HeapMemoryUsage>(used|committed|max): ',
      name: 'java_lang_memory_heap_$1_bytes',
      type: MetricType.GAUGE,
      help: 'JVM heap in bytes: used, committed, max',
    },
    {
      pattern: 'java.lang<type=Memory><NonHeapMemoryUsage>(used|committed): ',
      name: 'java_lang_memory_nonheap_$1_bytes',
      type: MetricType.GAUGE,
      help: 'JVM memory outside the heap (metaspace, code cache) in bytes: used, committed',
    },
    {
      pattern: 'java.lang<type=GarbageCollector, name=(.+)><>CollectionCount: ',
      name: 'java_lang_gc_collections_total',
      type: MetricType.COUNTER,
      labels: { gc: '$1' },
      help: 'Garbage collections, by collector',
    },
    {
      pattern: 'java.lang<type=GarbageCollector, name=(.+)><>CollectionTime: ',
      name: 'java_lang_gc_collection_seconds_total',
      type: MetricType.COUNTER,
      labels: { gc: '$1' },
      valueFactor: 0.001,
      help: 'Time spent in garbage collection, by collector',
    },
    {
      pattern: 'java.lang<type=Threading><>ThreadCount: ',
      name: 'java_lang_threads',
      type: MetricType.GAUGE,
      help: 'Live JVM threads',
    },
    {
      pattern: 'java.lang<type=OperatingSystem><>ProcessCpuTime: ',
      name: 'java_lang_process_cpu_seconds_total',
      type: MetricType.COUNTER,
      valueFactor: 1e-9,
      help: 'CPU time used by the JVM process',
    },
    {
      pattern: 'java.lang<type=OperatingSystem><>(Open|Max)FileDescriptorCount: ',
      name: 'java_lang_$1_file_descriptors',
      type: MetricType.GAUGE,
      help: 'File descriptors the process has open, and its limit',
    },
  ],
};
