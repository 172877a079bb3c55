import type { DomainEvent } from '../shared/event';

export type EnterpriseRegistered = DomainEvent<'EnterpriseRegistered', { creditCode: string; name: string; region: string }>;
export type EnterpriseEvent = EnterpriseRegistered;
export const enterpriseStream = (creditCode: string) => `enterprise-${creditCode}`;
