import { createRedisJobQueue } from '../../src/queue/index.js';
import { describeRedis } from '../support/redis-server.js';
import { jobQueueContract } from './job-queue-contract.js';

describeRedis('BullMQ job queue on a real redis-server: the queue contract', (server) => {
  jobQueueContract((scope, options) => createRedisJobQueue({ ...options, url: server().url, name: scope, retryBusyMs: 30, lockMs: 2000 }));
});
