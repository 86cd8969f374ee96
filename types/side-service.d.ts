// Globals the Zepp OS side service runtime provides (not covered by ZML's typings).
declare function AppSideService(option: Record<string, unknown>): unknown;
declare function AppSettingsPage(option: Record<string, unknown>): unknown;
