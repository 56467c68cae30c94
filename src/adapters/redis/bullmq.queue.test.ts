import pino from 'pino';
import { dropPrefix, randomPrefix } from '../../../test/redis-prefix.ts';
import { jobQueueContract } from '../contract/job-queue.contract.ts';
import { BullmqJobQueue } from './bullmq.queue.ts';

const redisUrl = process.env['TEST_REDIS_URL'];
const log = pino({ level: 'silent' });

jobQueueContract(
  'BullMQ queue [redis]',
  async () => {
    const url = redisUrl ?? '';
    const prefix = randomPrefix('test');
    return {
      open: async (settings) => new BullmqJobQueue({ url, prefix, log, settings }),
      destroy: () => dropPrefix(url, prefix),
    };
  },
  redisUrl ? undefined : 'TEST_REDIS_URL is unset',
);
