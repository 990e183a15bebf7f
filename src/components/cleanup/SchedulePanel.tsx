import {
	Button,
	Notice,
	SelectControl,
	ToggleControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	getSchedule,
	saveSchedule,
	type CleanupRule,
	type CleanupSchedule,
} from '../../api/cleanup';
import { formatDateTime } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useRoute';
import { Spinner } from '../Loading';
import { ruleSummary } from './labels';

const HOURS = Array.from( { length: 24 }, ( _, hour ) => ( {
	value: String( hour ),
	label: `${ String( hour ).padStart( 2, '0' ) }:00`,
} ) );

/**
 * The daily cleanup (off by default): on/off, the hour (site timezone), the rule it runs, the next run, and a
 * warning when WP-Cron cannot run it. Its rule comes from the tab's one rule form: "Schedule this rule" once that
 * rule has been previewed. A failed save keeps what was chosen and shows why.
 * @param root0
 * @param root0.rule     The rule form's rule, once previewed as it stands (else null).
 * @param root0.currency The store's currency, for the rule in words.
 */
export function SchedulePanel( {
	rule = null,
	currency = null,
}: {
	rule?: CleanupRule | null;
	currency?: string | null;
} ) {
	const [ schedule, setSchedule ] = useState< CleanupSchedule | null >(
		null
	);
	const [ enabled, setEnabled ] = useState( false );
	const [ hour, setHour ] = useState( 3 );
	const [ saved, setSaved ] = useState( false );

	const { error: loadError } = useRoute(
		'cleanup/schedule',
		( { signal } ) => getSchedule( signal ),
		{
			onAnswer: ( loaded ) => {
				setSchedule( loaded );
				setEnabled( loaded.enabled );
				setHour( loaded.hour );
			},
		}
	);

	const {
		run: save,
		busy: saving,
		error: saveError,
	} = useAction( async ( next: CleanupRule | null ) => {
		if ( ! schedule ) {
			return;
		}
		setSaved( false );
		const answer = await saveSchedule( {
			enabled: next ? true : enabled,
			hour,
			rule: next ?? schedule.rule,
		} );
		setSchedule( answer );
		setEnabled( answer.enabled );
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
				void save( null );
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
			<p data-testid="cleanup-scheduled-rule">
				{ sprintf(
					/* translators: %s: the rule in words */
					__( 'Its rule: %s.', 'cart-sessions-for-cocart' ),
					ruleSummary( schedule.rule, currency )
				) }
			</p>
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
			<div className="cart-sessions-cleanup__actions">
				<Button
					variant="primary"
					type="submit"
					isBusy={ saving }
					disabled={ saving }
				>
					{ __( 'Save schedule', 'cart-sessions-for-cocart' ) }
				</Button>
				{ rule &&
					JSON.stringify( rule ) !==
						JSON.stringify( schedule.rule ) && (
						<Button
							variant="secondary"
							disabled={ saving }
							onClick={ () => void save( rule ) }
						>
							{ sprintf(
								/* translators: %s: the rule in words */
								__(
									'Schedule this rule daily instead: %s',
									'cart-sessions-for-cocart'
								),
								ruleSummary( rule, currency )
							) }
						</Button>
					) }
			</div>
		</form>
	);
}
