import {
	Button,
	Notice,
	SelectControl,
	ToggleControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	DEFAULT_RULE,
	getSchedule,
	saveSchedule,
	type CleanupSchedule,
} from '../../api/cleanup';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useRoute';
import { Spinner } from '../Loading';
import { fromDraft, RuleForm, toDraft, type RuleDraft } from './RuleForm';

const HOURS = Array.from( { length: 24 }, ( _, hour ) => ( {
	value: String( hour ),
	label: `${ String( hour ).padStart( 2, '0' ) }:00`,
} ) );

/**
 * The daily cleanup (off by default): on/off, the hour (site timezone), its rule, the next run, and a warning
 * when WP-Cron cannot run it. A failed save keeps what was typed and shows why.
 */
export function SchedulePanel() {
	const [ schedule, setSchedule ] = useState< CleanupSchedule | null >(
		null
	);
	const [ enabled, setEnabled ] = useState( false );
	const [ hour, setHour ] = useState( 3 );
	const [ draft, setDraft ] = useState< RuleDraft >(
		toDraft( DEFAULT_RULE )
	);
	const [ saved, setSaved ] = useState( false );

	const { error: loadError } = useRoute(
		'cleanup/schedule',
		( { signal } ) => getSchedule( signal ),
		{
			onAnswer: ( loaded ) => {
				setSchedule( loaded );
				setEnabled( loaded.enabled );
				setHour( loaded.hour );
				setDraft( toDraft( loaded.rule ) );
			},
		}
	);

	const rule = fromDraft( draft );
	const {
		run: save,
		busy: saving,
		error: saveError,
	} = useAction( async () => {
		if ( ! rule ) {
			return;
		}
		setSaved( false );
		setSchedule( await saveSchedule( { enabled, hour, rule } ) );
		setSaved( true );
	} );
	const error = saveError ?? loadError;

	if ( ! schedule ) {
		return error ? (
			<Notice status="error" isDismissible={ false }>
				{ error.message }
			</Notice>
		) : (
			<Spinner />
		);
	}
	return (
		<form
			className="cart-sessions-cleanup__schedule"
			onSubmit={ ( event ) => {
				event.preventDefault();
				void save();
			} }
		>
			{ schedule.cron_warning && (
				<Notice status="warning" isDismissible={ false }>
					{ schedule.cron_warning }
				</Notice>
			) }
			<ToggleControl
				label={ __(
					'Run this cleanup every day',
					'cart-sessions-for-cocart'
				) }
				checked={ enabled }
				onChange={ ( value: boolean ) => setEnabled( value ) }
			/>
			<SelectControl
				label={ __( 'At', 'cart-sessions-for-cocart' ) }
				help={ sprintf(
					/* translators: %s: timezone name */
					__( 'Site time (%s).', 'cart-sessions-for-cocart' ),
					schedule.timezone
				) }
				value={ String( hour ) }
				options={ HOURS }
				onChange={ ( value: string ) => setHour( Number( value ) ) }
			/>
			<RuleForm
				idPrefix="cart-sessions-schedule"
				draft={ draft }
				onChange={ setDraft }
			/>
			<p
				className="cart-sessions-cleanup__next"
				data-testid="cleanup-next-run"
			>
				{ schedule.next_run
					? sprintf(
							/* translators: %s: date and time */
							__( 'Next run: %s', 'cart-sessions-for-cocart' ),
							formatDateTime( schedule.next_run )
						)
					: __( 'Not scheduled.', 'cart-sessions-for-cocart' ) }
			</p>
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message }
				</Notice>
			) }
			{ saved && (
				<Notice status="success" isDismissible={ false }>
					{ __( 'Schedule saved.', 'cart-sessions-for-cocart' ) }
				</Notice>
			) }
			<Button
				variant="primary"
				type="submit"
				isBusy={ saving }
				disabled={ saving || ! rule }
			>
				{ __( 'Save schedule', 'cart-sessions-for-cocart' ) }
			</Button>
		</form>
	);
}
