import { Button, Modal, Notice, ToggleControl } from '@wordpress/components';
import { DataViews } from '@wordpress/dataviews/wp';
import type { Action, View } from '@wordpress/dataviews/wp';
import {
	useEffect,
	useLayoutEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import '@wordpress/dataviews/build-style/style.css';
import './sessions.scss';
import {
	listSessions,
	type BulkDeleteOutcome,
	type SessionList,
	type SessionRow,
} from '../../api/sessions';
import { exportUrl } from '../../api/stats';
import { formatDateTime } from '../../format';
import { useLiveRefresh } from '../../hooks/useLiveRefresh';
import { useRoute } from '../../hooks/useRoute';
import { useUrlParams } from '../../hooks/useUrlParams';
import { LiveStatus } from '../LiveStatus';
import { useSnackbar } from '../Snackbars';
import { DeleteSessions, type DeleteTarget } from './DeleteSessions';
import { sessionFields } from './fields';
import { ListProblem } from './ListProblem';
import { useCopyRestoreLink } from './RecoveryActions';
import { SessionDetail } from './SessionDetail';
import { PER_PAGE_SIZES, VIEW_PARAMS, viewToFilter, viewToQuery } from './view';

/** Between two reads of the details an items filter or sort still needs. */
const DETAILS_POLL_MS = 300;

/** The answer is for a page past the last one (carts were deleted meanwhile). */
function outOfRange( list: SessionList ): boolean {
	return list.total_pages > 0 && list.page > list.total_pages;
}

/**
 * The Sessions tab: every cart the store holds, paged, searched, filtered and sorted by our REST route (CoCart's
 * own list has none of that), with a detail panel and deletes.
 */
export default function SessionsTab( {
	onOpenTab,
}: {
	onOpenTab: ( tab: 'settings' | 'cleanup' ) => void;
} ) {
	const [ view, setView ] = useUrlParams( VIEW_PARAMS );
	const [ openKey, setOpenKey ] = useState< string | null >( null );
	const [ deleteTarget, setDeleteTarget ] = useState< DeleteTarget | null >(
		null
	);
	const snackbar = useSnackbar();
	const root = useRef< HTMLDivElement >( null );
	// Set when the rows change under the user (another page, a delete): focus then goes to the first row, not
	// to <body> (the paging button may be disabled now, the deleted row's menu button is gone).
	const focusFirstRow = useRef( false );

	const query = useMemo( () => viewToQuery( view ), [ view ] );

	// Rows first, from what the site has cached (the first page may even be in the page already, preloaded); item
	// counts and totals the store still has to be asked for follow at once in a details=wait request. The items
	// filter and sort need every matching cart's detail, which the route reads within a time budget, saying how
	// many are left: ask again until none are.
	const route = useRoute(
		JSON.stringify( query ),
		( { signal, refresh: bypassCache, live: periodic, poll } ) =>
			listSessions(
				{
					...query,
					refresh: bypassCache,
					live: periodic,
					details: poll === 0 ? 'cached' : 'wait',
				},
				signal
			),
		{
			pollAfter: ( answer, poll ) => {
				if ( answer.details_pending === 0 || outOfRange( answer ) ) {
					return false;
				}
				return poll === 0 ? 0 : DETAILS_POLL_MS;
			},
			// After deletes the page may no longer exist: go to the last one that does.
			onAnswer: ( answer ) => {
				if ( outOfRange( answer ) ) {
					setView( { ...view, page: answer.total_pages } );
				}
			},
		}
	);
	const { data: list, error, loading, refresh } = route;
	// Live: the page asks again every minute while the tab is visible, quietly, keeping the page, the selection
	// and an open cart.
	const [ liveOn, setLiveOn ] = useState( false );
	const live = useLiveRefresh( route, liveOn );
	const copyRestoreLink = useCopyRestoreLink();

	useEffect( () => {
		if ( loading || ! focusFirstRow.current || deleteTarget || openKey ) {
			return;
		}
		// After the closing modal has handed focus back (to an element that may no longer exist). The flag is
		// cleared only once focus is placed: an answer arriving before the timer (the details follow-up) cancels
		// it, and the next run of this effect must try again.
		const timer = window.setTimeout( () => {
			focusFirstRow.current = false;
			const row = root.current?.querySelector( 'tbody tr' );
			row?.querySelector< HTMLElement >(
				'input, button, [tabindex="0"]'
			)?.focus();
		} );
		return () => window.clearTimeout( timer );
	}, [ loading, list, deleteTarget, openKey ] );

	const pending = list?.details_pending ?? 0;

	// The plain table the page printed for its first paint (includes/Admin/FirstPaint.php) gives way to this one
	// in the same frame this one shows its rows (or the problem), or when another tab opens first.
	useLayoutEffect( () => {
		const firstPaint = () =>
			document.getElementById( 'cart-sessions-first-paint' )?.remove();
		if ( list || error ) {
			firstPaint();
		}
		return firstPaint;
	}, [ list, error ] );

	const fields = useMemo( () => sessionFields(), [] );

	const canDelete = list?.can_delete ?? true;
	const actions = useMemo< Action< SessionRow >[] >(
		() => [
			{
				id: 'view',
				label: __( 'View details', 'cart-sessions-for-cocart' ),
				isPrimary: true,
				callback: ( items ) => setOpenKey( items[ 0 ].key ),
			},
			{
				id: 'copy-restore-link',
				label: __( 'Copy restore link', 'cart-sessions-for-cocart' ),
				isEligible: ( item ) => !! item.restore_link,
				callback: ( items ) => copyRestoreLink( items[ 0 ] ),
			},
			{
				id: 'delete',
				label: __( 'Delete', 'cart-sessions-for-cocart' ),
				supportsBulk: true,
				disabled: ! canDelete,
				// Not offered at all with a read-only key: DataViews' bulk (selection) toolbar ignores `disabled`,
				// and the store would refuse each cart. The tab's notice says why.
				isEligible: ( item ) => canDelete && ! item.is_key_owner,
				callback: ( items ) =>
					setDeleteTarget( { kind: 'keys', rows: items } ),
			},
		],
		[ canDelete, copyRestoreLink ]
	);

	const filter = viewToFilter( view );
	const filtered = Object.keys( filter ).length > 0;
	const total = list?.total ?? 0;

	const onDeleted = ( outcome: BulkDeleteOutcome ) => {
		const content =
			outcome.failed > 0
				? sprintf(
						/* translators: 1: carts deleted, 2: carts that could not be deleted */
						_n(
							'%1$d cart deleted; %2$d could not be deleted.',
							'%1$d carts deleted; %2$d could not be deleted.',
							outcome.deleted,
							'cart-sessions-for-cocart'
						),
						outcome.deleted,
						outcome.failed
					)
				: sprintf(
						/* translators: %d: carts deleted */
						_n(
							'%d cart deleted.',
							'%d carts deleted.',
							outcome.deleted,
							'cart-sessions-for-cocart'
						),
						outcome.deleted
					);
		snackbar( content );
		focusFirstRow.current = true;
		refresh();
	};

	return (
		<div className="cart-sessions-sessions" ref={ root }>
			{ error && (
				<ListProblem
					error={ error }
					onRetry={ refresh }
					onOpenTab={ onOpenTab }
				/>
			) }
			{ list?.stale && (
				<Notice status="warning" isDismissible={ false }>
					{ sprintf(
						/* translators: %s: date and time */
						__(
							'The store did not answer just now, so these carts are as they were at %s. Refresh to try again.',
							'cart-sessions-for-cocart'
						),
						formatDateTime( list.fetched_at )
					) }
				</Notice>
			) }
			{ pending > 0 && (
				<Notice
					status="info"
					isDismissible={ false }
					className="cart-sessions-details-pending"
				>
					{ sprintf(
						/* translators: %d: number of carts */
						_n(
							'Reading the items of %d more cart from the store to filter or sort by items; the table updates by itself.',
							'Reading the items of %d more carts from the store to filter or sort by items; the table updates by itself.',
							pending,
							'cart-sessions-for-cocart'
						),
						pending
					) }
				</Notice>
			) }
			{ list && ! list.can_delete && (
				<Notice status="info" isDismissible={ false }>
					{ list.can_delete_reason ??
						__(
							'Deleting is turned off for this connection.',
							'cart-sessions-for-cocart'
						) }
				</Notice>
			) }
			{ ! ( error && ! list ) && (
				<DataViews< SessionRow >
					data={ error ? [] : ( list?.items ?? [] ) }
					fields={ fields }
					view={ view }
					onChangeView={ ( next: View ) => {
						focusFirstRow.current ||= next.page !== view.page;
						setView( next );
					} }
					actions={ actions }
					getItemId={ ( item ) => item.key }
					isLoading={ loading }
					paginationInfo={ {
						totalItems: total,
						totalPages: list?.total_pages ?? 0,
					} }
					defaultLayouts={ { table: {} } }
					config={ { perPageSizes: PER_PAGE_SIZES } }
					searchLabel={ __(
						'Search key, name or email',
						'cart-sessions-for-cocart'
					) }
					empty={
						<p>
							{ filtered
								? __(
										'No carts match this search and these filters.',
										'cart-sessions-for-cocart'
									)
								: __(
										'No carts in session: the store has no carts right now.',
										'cart-sessions-for-cocart'
									) }
						</p>
					}
					header={
						<>
							<Button
								variant="tertiary"
								size="compact"
								onClick={ refresh }
							>
								{ __( 'Refresh', 'cart-sessions-for-cocart' ) }
							</Button>
							<Button
								variant="tertiary"
								size="compact"
								href={ exportUrl(
									filter,
									query.orderby,
									query.order
								) }
							>
								{ __(
									'Export CSV',
									'cart-sessions-for-cocart'
								) }
							</Button>
							<ToggleControl
								__nextHasNoMarginBottom
								className="cart-sessions-live-toggle"
								label={ __(
									'Update live',
									'cart-sessions-for-cocart'
								) }
								checked={ liveOn }
								onChange={ setLiveOn }
							/>
							{ liveOn && <LiveStatus live={ live } /> }
							{ filtered && total > 0 && (
								<Button
									variant="secondary"
									size="compact"
									isDestructive
									disabled={ ! canDelete }
									onClick={ () =>
										setDeleteTarget( {
											kind: 'filter',
											filter,
											count: total,
										} )
									}
								>
									{ sprintf(
										/* translators: %d: number of carts */
										_n(
											'Delete the %d matching cart',
											'Delete all %d matching carts',
											total,
											'cart-sessions-for-cocart'
										),
										total
									) }
								</Button>
							) }
						</>
					}
				/>
			) }

			{ openKey && (
				<Modal
					title={ sprintf(
						/* translators: %s: cart key */
						__( 'Cart %s', 'cart-sessions-for-cocart' ),
						openKey
					) }
					onRequestClose={ () => setOpenKey( null ) }
					size="large"
				>
					<SessionDetail key={ openKey } cartKey={ openKey } />
				</Modal>
			) }

			{ deleteTarget && (
				<Modal
					title={ __( 'Delete carts', 'cart-sessions-for-cocart' ) }
					onRequestClose={ () => setDeleteTarget( null ) }
				>
					<DeleteSessions
						target={ deleteTarget }
						onClose={ () => setDeleteTarget( null ) }
						onDeleted={ onDeleted }
					/>
				</Modal>
			) }
		</div>
	);
}
