// The real Settings page (bundled as the build does) in the Settings App runtime: the age for the
// heart-rate ceiling is asked once and stored with the switch for every program; a bad age is a
// message under the field, never stored.
import { SettingsApp } from '../../sim/settings/runtime';
import { SettingsStorage } from '../../sim/zepp/sideRuntime';

describe('Settings page: heart rate', () => {
  test('type the age, see the ceiling, turn it on for every program; a bad age is refused with a message', async () => {
    const storage = new SettingsStorage();
    const app = await SettingsApp.open({ storage });
    try {
      const section = () => app.within('Heart rate');
      expect(section().texts().join(' ')).toMatch(/Ceiling: 129 bpm \(age not given: assumes 80\)/);
      app.type(section().find('TextInput', /^Your age/), '70');
      expect(section().texts().join(' ')).toMatch(/Ceiling: 135 bpm \(age 70\)/);
      app.toggle(section().find('Toggle', /every program/), true);
      expect(JSON.parse(storage.getItem('heartRate') as string)).toEqual({ ageYears: 70, ceilingAllPrograms: true });
      const age = section().find('TextInput', /^Your age/);
      app.type(age, '7');
      expect(app.messageAfter(section().find('TextInput', /^Your age/))).toMatch(/18 to 100/);
      expect(JSON.parse(storage.getItem('heartRate') as string)).toEqual({ ageYears: 70, ceilingAllPrograms: true });
      expect(app.errors).toEqual([]);
    } finally {
      app.close();
    }
  });
});
