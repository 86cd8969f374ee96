// Safety rules, used by the session engine and by the companion's cuff-command interlock.
export * from './limits';
export * from './bounds';
export * from './pressureCeiling';
export * from './occlusionBudget';
export * from './bandAlarm';
export * from './stalePressure';
export * from './stopRules';
export * from './screeningRule';
export * from './checkCuffCommand';
export * from './heartRateCeiling';
