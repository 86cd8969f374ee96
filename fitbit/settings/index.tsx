// The companion's settings page in the Fitbit phone app: the controller, the cuffs and the
// screening questions. Components keep their values under ui.* keys; the companion turns them
// into its configuration (compose.ts) whenever one changes.
import { SCREENING_QUESTIONS } from '../../shared/protocol/screening';
import { SIDES, UI_KEYS } from './compose';

function SettingsPage(props: SettingsComponentProps) {
  const screeningDone = props.settings[UI_KEYS.screeningDone] === 'true';
  return (
    <Page>
      <Section title={<Text bold align="center">Cuff controller</Text>} description={<Text>Address on your network (http://host:port or https://...) and its access token.</Text>}>
        <TextInput label="Controller address" placeholder="http://192.168.1.20:8080" settingsKey={UI_KEYS.controllerUrl} />
        <TextInput label="Access token" settingsKey={UI_KEYS.controllerToken} />
      </Section>
      <Section title={<Text bold align="center">Cuffs</Text>} description={<Text>Limb occlusion pressure (LOP) in mmHg, as measured. No cuff inflates without it.</Text>}>
        <Select label="Cuffs are on the" settingsKey={UI_KEYS.cuffLimb} options={[{ name: 'Legs', value: 'leg' }, { name: 'Arms', value: 'arm' }]} />
        <TextInput label="Cuff width (cm)" type="number" settingsKey={UI_KEYS.cuffWidthCm} />
        {SIDES.map((side) => (
          <TextInput key={side} label={'LOP ' + side + ' (mmHg)'} type="number" settingsKey={UI_KEYS.lop(side)} />
        ))}
      </Section>
      <Section title={<Text bold align="center">Before training with cuffs</Text>} description={<Text>Turn on every statement that applies to you. Any one of them means no cuff sessions.</Text>}>
        {SCREENING_QUESTIONS.map((q) => (
          <Toggle key={q.id} label={q.text} settingsKey={UI_KEYS.screen(q.id)} />
        ))}
        <Toggle label="I have answered every question" settingsKey={UI_KEYS.screeningDone} />
        <Text italic>{screeningDone ? 'Answers saved and sent to the watch.' : 'Cuff sessions stay locked until you confirm.'}</Text>
      </Section>
    </Page>
  );
}

registerSettingsPage(SettingsPage);
