import { Button, CheckboxControl, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	DEFAULT_RULE,
	listRuns,
	previewCleanup,
	restNonce,
	type CleanupPreview,
} from '../../api/cleanup';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useRoute';
import { Spinner } from '../Loading';
import { AuditList } from './AuditList';
import { PreviewPanel } from './PreviewPanel';
import { RuleForm, fromDraft, toDraft, type RuleDraft } from './RuleForm';
import { RunHistory } from './RunHistory';
import { RunProgress } from './RunProgress';
import { SchedulePanel } from './SchedulePanel';
import { useRunDriver } from './useRunDriver';
import { ruleSummary } from './labels';
import './cleanup.scss';

const PER_PAGE = 20;

/**
 * The Cleanup tab: one rule form, its preview, then Run now (the screen drives the run batch by batch, with a
 * progress bar and Cancel) or "Schedule this rule" (the daily schedule), the run history and the audit of deleted
 * carts. Nothing is deleted or scheduled before a preview of the exact rule.
 */
export default function CleanupTab() {
	const [ draft, setDraft ] = useState< RuleDraft >(
		toDraft( DEFAULT_RULE )
	);
	const [ preview, setPreview ] = useState< CleanupPreview | null >( null );
	const [ previewed, setPreviewed ] = useState( '' );
	const [ exportCarts, setExportCarts ] = useState( false );
	const [ version, setVersion ] = useState( 0 );
	// A run left going (the page was closed mid-run) can be resumed from here, until it is.
	const [ resumed, setResumed ] = useState( false );
	const nonce = restNonce();
	const driver = useRunDriver( () => {
		setVersion( ( v ) => v + 1 );
		setPreview( null );
		setPreviewed( '' );
	} );

	const rule = fromDraft( draft );
	const ruleKey = rule ? JSON.stringify( rule ) : '';
	const upToDate = preview !== null && previewed === ruleKey;
	const running = driver.busy || driver.run?.status === 'running';

	const lastRuns = useRoute( 'cleanup/runs/last', ( { signal } ) =>
		listRuns( 1, 1, signal )
	).data;
	const last = lastRuns?.items[ 0 ];
	// A read-only key's runs are refused by the server; say so before the manager tries.
	const readOnly =
		lastRuns?.can_delete === false
			? ( lastRuns.can_delete_reason ??
				__(
					'The API key is read-only: cleanup runs cannot delete carts.',
					'cart-sessions-for-cocart'
				) )
			: null;
	const unfinished =
		! resumed && last?.status === 'running' && last.trigger === 'manual'
			? last
			: null;

	const {
		run: runPreview,
		busy: loading,
		error: previewError,
	} = useAction( async ( page: number ) => {
		if ( ! rule ) {
			return;
		}
		setPreview( await previewCleanup( rule, page, PER_PAGE ) );
		setPreviewed( ruleKey );
	} );

	return (
		<div className="cart-sessions-cleanup">
			<p className="cart-sessions-app__summary">
				{ __(
					'Remove abandoned carts by rule.',
					'cart-sessions-for-cocart'
				) }
			</p>

			{ readOnly && (
				<Notice status="warning" isDismissible={ false }>
					{ readOnly }
				</Notice>
			) }

			<section aria-labelledby="cart-sessions-cleanup-rule">
				<h2 id="cart-sessions-cleanup-rule">
					{ __( 'Clean up now', 'cart-sessions-for-cocart' ) }
				</h2>
				<form
					onSubmit={ ( event ) => {
						event.preventDefault();
						void runPreview( 1 );
					} }
				>
					<RuleForm
						idPrefix="cart-sessions-rule"
						draft={ draft }
						onChange={ setDraft }
						disabled={ running }
					/>
					<Button
						variant="secondary"
						type="submit"
						isBusy={ loading }
						disabled={ loading || ! rule || running }
					>
						{ __( 'Preview', 'cart-sessions-for-cocart' ) }
					</Button>
				</form>
				{ loading && ! preview && <Spinner /> }
				{ previewError && (
					<Notice status="error" isDismissible={ false }>
						{ previewError.message }
						{ previewError.fix ? ` ${ previewError.fix }` : '' }
					</Notice>
				) }
				{ preview && (
					<>
						{ ! upToDate && (
							<Notice status="info" isDismissible={ false }>
								{ __(
									'The rule changed since this preview. Preview again before running it.',
									'cart-sessions-for-cocart'
								) }
							</Notice>
						) }
						<PreviewPanel
							preview={ preview }
							onPage={ ( page ) => void runPreview( page ) }
						/>
						<CheckboxControl
							label={ __(
								'Export the carts to a JSON file just before deleting them',
								'cart-sessions-for-cocart'
							) }
							checked={ exportCarts }
							onChange={ setExportCarts }
							disabled={ running }
						/>
						<Button
							variant="primary"
							isDestructive
							disabled={
								! upToDate ||
								! rule ||
								preview.count === 0 ||
								running ||
								readOnly !== null
							}
							onClick={ () =>
								rule && void driver.start( rule, exportCarts )
							}
						>
							{ sprintf(
								/* translators: %s: the rule in words */
								__( 'Run now: %s', 'cart-sessions-for-cocart' ),
								rule
									? ruleSummary( rule, preview.currency )
									: ''
							) }
						</Button>
					</>
				) }
				{ unfinished && ! driver.run && (
					<Notice status="warning" isDismissible={ false }>
						{ sprintf(
							/* translators: %d: run number */
							__(
								'Run #%d was left unfinished (the page was closed while it ran).',
								'cart-sessions-for-cocart'
							),
							unfinished.id
						) }{ ' ' }
						<Button
							variant="link"
							onClick={ () => {
								driver.resume( unfinished );
								setResumed( true );
							} }
						>
							{ __( 'Resume it', 'cart-sessions-for-cocart' ) }
						</Button>
					</Notice>
				) }
				{ ! driver.run && driver.error && (
					<Notice status="error" isDismissible={ false }>
						{ driver.error.message }
						{ driver.error.fix ? ` ${ driver.error.fix }` : '' }
					</Notice>
				) }
				{ driver.run && (
					<RunProgress
						run={ driver.run }
						error={ driver.error }
						busy={ driver.busy }
						nonce={ nonce }
						onCancel={ () => void driver.cancel() }
						onContinue={ () =>
							driver.run && driver.resume( driver.run )
						}
					/>
				) }
			</section>

			<section aria-labelledby="cart-sessions-cleanup-schedule">
				<h2 id="cart-sessions-cleanup-schedule">
					{ __( 'Schedule', 'cart-sessions-for-cocart' ) }
				</h2>
				<SchedulePanel
					rule={ upToDate ? rule : null }
					currency={ preview?.currency ?? null }
				/>
			</section>

			<section aria-labelledby="cart-sessions-cleanup-history">
				<h2 id="cart-sessions-cleanup-history">
					{ __( 'Run history', 'cart-sessions-for-cocart' ) }
				</h2>
				<RunHistory version={ version } nonce={ nonce } />
			</section>

			<section aria-labelledby="cart-sessions-cleanup-audit">
				<h2 id="cart-sessions-cleanup-audit">
					{ __( 'Deleted carts', 'cart-sessions-for-cocart' ) }
				</h2>
				<AuditList version={ version } />
			</section>
		</div>
	);
}
