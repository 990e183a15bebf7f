import { Button, Modal, Notice, SnackbarList } from '@wordpress/components';
import { DataViews } from '@wordpress/dataviews/wp';
import type { Action, View } from '@wordpress/dataviews/wp';
import {
	useCallback,
	useEffect,
	useLayoutEffect,
	useMemo,
	useRef,
	useState,
} from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import '@wordpress/dataviews/build-style/style.css';
import './sessions.scss';
import { ApiError } from '../../api/client';
import {
	listSessions,
	type BulkDeleteOutcome,
	type SessionList,
	type SessionRow,
} from '../../api/sessions';
import { exportUrl } from '../../api/stats';
import { formatDateTime } from '../../format';
import { useViewInUrl } from '../../hooks/useViewInUrl';
import { DeleteSessions, type DeleteTarget } from './DeleteSessions';
import { sessionFields } from './fields';
import { ListProblem } from './ListProblem';
import { SessionDetail } from './SessionDetail';
import { PER_PAGE_SIZES, viewToFilter, viewToQuery } from './view';

interface Snack {
	id: string;
	content: string;
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
	const [ view, setView ] = useViewInUrl();
	const [ list, setList ] = useState< SessionList | null >( null );
	const [ error, setError ] = useState< ApiError | null >( null );
	const [ loading, setLoading ] = useState( true );
	// `quiet`: a follow-up read of pending details keeps the rows on screen instead of showing the loading state.
	// A details=wait request is on its way for the rows shown (no polling meanwhile).
	const [ awaitingDetails, setAwaitingDetails ] = useState( false );
	const [ reload, setReload ] = useState( {
		count: 0,
		refresh: false,
		quiet: false,
	} );
	const [ openKey, setOpenKey ] = useState< string | null >( null );
	const [ deleteTarget, setDeleteTarget ] = useState< DeleteTarget | null >(
		null
	);
	const [ snacks, setSnacks ] = useState< Snack[] >( [] );
	const root = useRef< HTMLDivElement >( null );
	// Set when the rows change under the user (another page, a delete): focus then goes to the first row, not
	// to <body> (the paging button may be disabled now, the deleted row's menu button is gone).
	const focusFirstRow = useRef( false );

	const query = useMemo( () => viewToQuery( view ), [ view ] );

	useEffect( () => {
		const controller = new AbortController();
		setAwaitingDetails( false );
		if ( ! reload.quiet ) {
			setLoading( true );
		}
		// Rows first, from what the site has cached (the first page may even be in the page already, preloaded);
		// item counts and totals the store still has to be asked for follow in a second request.
		listSessions(
			{ ...query, refresh: reload.refresh, details: 'cached' },
			controller.signal
		).then(
			( result ) => {
				setList( result );
				setError( null );
				setLoading( false );
				// After deletes the page may no longer exist: go to the last one that does.
				if (
					result.total_pages > 0 &&
					query.page > result.total_pages
				) {
					setView( { ...view, page: result.total_pages } );
				} else if ( result.details_pending > 0 ) {
					setAwaitingDetails( true );
					listSessions(
						{ ...query, details: 'wait' },
						controller.signal
					)
						.then( setList, () => {
							// The rows stay, without their counts; the next view asks again.
						} )
						.finally( () => {
							if ( ! controller.signal.aborted ) {
								setAwaitingDetails( false );
							}
						} );
				}
			},
			( caught ) => {
				if ( ! controller.signal.aborted ) {
					setError( caught as ApiError );
					setLoading( false );
				}
			}
		);
		return () => controller.abort();
		// `view` is read only to correct the page; `query` carries everything the request depends on.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [ query, reload ] );

	useEffect( () => {
		if ( loading || ! focusFirstRow.current || deleteTarget || openKey ) {
			return;
		}
		focusFirstRow.current = false;
		// After the closing modal has handed focus back (to an element that may no longer exist).
		const timer = window.setTimeout( () => {
			const row = root.current?.querySelector( 'tbody tr' );
			row?.querySelector< HTMLElement >(
				'input, button, [tabindex="0"]'
			)?.focus();
		} );
		return () => window.clearTimeout( timer );
	}, [ loading, list, deleteTarget, openKey ] );

	// The items filter and sort need every matching cart's detail; the route reads them within a time budget and
	// says how many are left. Ask again (from the cache, not a refresh) until none are.
	const pending = list?.details_pending ?? 0;
	useEffect( () => {
		if ( pending === 0 || loading || awaitingDetails ) {
			return;
		}
		const timer = window.setTimeout(
			() =>
				setReload( ( previous ) => ( {
					count: previous.count + 1,
					refresh: false,
					quiet: true,
				} ) ),
			300
		);
		return () => window.clearTimeout( timer );
	}, [ list, pending, loading, awaitingDetails ] );

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

	const refresh = useCallback(
		() =>
			setReload( ( previous ) => ( {
				count: previous.count + 1,
				refresh: true,
				quiet: false,
			} ) ),
		[]
	);
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
				id: 'delete',
				label: __( 'Delete', 'cart-sessions-for-cocart' ),
				supportsBulk: true,
				disabled: ! canDelete,
				isEligible: ( item ) => ! item.is_key_owner,
				callback: ( items ) =>
					setDeleteTarget( { kind: 'keys', rows: items } ),
			},
		],
		[ canDelete ]
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
		setSnacks( ( current ) => [
			...current,
			{ id: `${ Date.now() }`, content },
		] );
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

			<SnackbarList
				notices={ snacks }
				onRemove={ ( id: string ) =>
					setSnacks( ( current ) =>
						current.filter( ( snack ) => snack.id !== id )
					)
				}
			/>
		</div>
	);
}
