import { readPromql } from './promql';

describe('readPromql', () => {
  test('reads the metric names a query selects, through functions, aggregations and binary operators', () => {
    expect(readPromql('sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesin_total{topic!=""}[5m])) > 0')).toEqual({
      errors: [], metrics: ['kafka_server_brokertopicmetrics_bytesin_total'],
    });
    expect(readPromql('max(kafka_controller_kafkacontroller_activecontrollercount) != 1 or absent(up{job="kafka"})').metrics)
      .toEqual(['kafka_controller_kafkacontroller_activecontrollercount', 'up']);
    expect(readPromql('{__name__="kubelet_volume_stats_used_bytes"} / kubelet_volume_stats_capacity_bytes').metrics)
      .toEqual(['kubelet_volume_stats_capacity_bytes', 'kubelet_volume_stats_used_bytes']);
  });

  test('reports what does not parse', () => {
    for (const bad of ['sum(rate(x[5m])', 'rate(x[5m]', 'x >', 'sum by pod (x)']) {
      expect([bad, readPromql(bad).errors.length > 0]).toEqual([bad, true]);
    }
  });
});
