import { InMemoryEventStore } from '../../src/event-store/in-memory.event-store';
import { describeEventStoreContract } from './event-store.contract';

describeEventStoreContract('in-memory', { open: async () => new InMemoryEventStore() });
