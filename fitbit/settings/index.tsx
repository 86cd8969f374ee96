// The companion's settings page in the Fitbit phone app: the controller, the cuffs and the
// screening questions. Components keep their values under ui.* keys; the companion turns them
// into its configuration (compose.ts) whenever one changes. Every text in the phone's language
// (./i18n.ts); option values stay the same in every language.
import { SCREENING_QUESTIONS } from '../../shared/protocol/screening';
import { SIDES, UI_KEYS } from './compose';
import { locale } from 'user-settings';
import { languageOf, question, tr } from './i18n';

/** The page's language: the phone's, read each time the page draws. */
function phoneLanguage() {
  try {
    return languageOf(locale && locale.language);
  } catch (e) {
    return languageOf('');
  }
}

function SettingsPage(props: SettingsComponentProps) {
  const lang = phoneLanguage();
  const t = (english: string, ...values: string[]) => tr(lang, english, ...values);
  const screeningDone = props.settings[UI_KEYS.screeningDone] === 'true';
  return (
    <Page>
      <Section title={<Text bold align="center">{t('Cuff controller')}</Text>} description={<Text>{t('Address on your network (http://host:port or https://...) and its access token.')}</Text>}>
        <TextInput label={t('Controller address')} placeholder="http://192.168.1.20:8080" settingsKey={UI_KEYS.controllerUrl} />
        <TextInput label={t('Access token')} settingsKey={UI_KEYS.controllerToken} />
      </Section>
      <Section title={<Text bold align="center">{t('Cuffs')}</Text>} description={<Text>{t('Limb occlusion pressure (LOP) in mmHg, as measured. No cuff inflates without it.')}</Text>}>
        <Select label={t('Cuffs are on the')} settingsKey={UI_KEYS.cuffLimb} options={[{ name: t('Legs'), value: 'leg' }, { name: t('Arms'), value: 'arm' }]} />
        <TextInput label={t('Cuff width (cm)')} type="number" settingsKey={UI_KEYS.cuffWidthCm} />
        {SIDES.map((side) => (
          <TextInput key={side} label={t('LOP %s (mmHg)', side)} type="number" settingsKey={UI_KEYS.lop(side)} />
        ))}
      </Section>
      <Section title={<Text bold align="center">{t('Before training with cuffs')}</Text>} description={<Text>{t('Turn on every statement that applies to you. Any one of them means no cuff sessions.')}</Text>}>
        {SCREENING_QUESTIONS.map((q) => (
          <Toggle key={q.id} label={question(lang, q.id)} settingsKey={UI_KEYS.screen(q.id)} />
        ))}
        <Toggle label={t('I have answered every question')} settingsKey={UI_KEYS.screeningDone} />
        <Text italic>{screeningDone ? t('Answers saved and sent to the watch.') : t('Cuff sessions stay locked until you confirm.')}</Text>
      </Section>
    </Page>
  );
}

registerSettingsPage(SettingsPage);
