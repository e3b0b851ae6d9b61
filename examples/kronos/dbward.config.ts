import { defineConfig } from 'dbward';

export default defineConfig({
  services: {
    auth: {},
    config: {},
    leaves: {},
    expenses: {},
    notifications: {},
    calendar: {},
    audit: { readableBy: '*' },
  },
  lockTimeout: '5s',
});
