import { Button, CheckboxControl, Notice } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import {
	deleteSessions,
	isEmptyFilter,
	listSessions,
	type BulkDeleteOutcome,
	type SessionFilter,
	type SessionRow,
} from '../../api/sessions';
import { formatMoney } from '../../format';
import { useAction } from '../../hooks/useAction';
import { useRoute } from '../../hooks/useRoute';
import { ConfirmButtons } from './ConfirmButtons';

/**
 * What is about to be deleted: chosen rows, or every cart matching a filter (counted by the list; `live` false when
 * the view can hold live carts, which then needs a second confirmation).
 */
export type DeleteTarget =
	| { kind: 'keys'; rows: SessionRow[] }
	| {
			kind: 'filter';
			filter: SessionFilter;
			count: number;
			/** The view holds expired carts only. */
			expiredOnly: boolean;
	  };

function valueOf( rows: SessionRow[] ): string | null {
	const known = rows.filter( ( row ) => row.total !== null );
	if ( known.length === 0 ) {
		return null;
	}
	const sum = known.reduce(
		( total, row ) => total + Number( row.total ),
		0
	);
	return formatMoney( sum.toFixed( 2 ), known[ 0 ].currency );
}

function resultLabel( result: string ): string {
	if ( result === 'deleted' ) {
		return __( 'Deleted', 'cart-sessions-for-cocart' );
	}
	if ( result === 'not_found' ) {
		return __( 'Already gone', 'cart-sessions-for-cocart' );
	}
	return __( 'Failed', 'cart-sessions-for-cocart' );
}

/**
 * Confirmation, then per-cart results. Nothing is deleted before the user confirms; the result names every cart
 * that was not deleted and why.
 */
export function DeleteSessions( {
	target,
	onClose,
	onDeleted,
}: {
	target: DeleteTarget;
	onClose: () => void;
	onDeleted: ( outcome: BulkDeleteOutcome ) => void;
} ) {
	const [ outcome, setOutcome ] = useState< BulkDeleteOutcome | null >(
		null
	);
	// Every matching cart of a view that can hold live carts (customers may still come back to them): a second,
	// explicit confirmation that names them as live.
	const needsLiveConsent = target.kind === 'filter' && ! target.expiredOnly;
	const [ liveConsent, setLiveConsent ] = useState( false );
	const {
		run: confirm,
		busy,
		error,
	} = useAction( async () => {
		const result = await deleteSessions(
			target.kind === 'keys'
				? { keys: target.rows.map( ( row ) => row.key ) }
				: {
						filter: target.filter,
						expected_count: target.count,
						all: isEmptyFilter( target.filter ) || undefined,
					}
		);
		setOutcome( result );
		onDeleted( result );
	} );

	const count = target.kind === 'keys' ? target.rows.length : target.count;
	// For "all matching", the value comes from the route: the known totals of every matching cart. When it
	// cannot be read there is no value to name; the count alone still says what goes.
	const matching = useRoute(
		target.kind === 'filter' ? JSON.stringify( target.filter ) : null,
		( { signal } ) =>
			listSessions(
				{
					...( target.kind === 'filter' ? target.filter : {} ),
					page: 1,
					per_page: 1,
					orderby: 'expires',
					order: 'desc',
					details: 'cached',
					value: true,
				},
				signal
			)
	).data;
	const filterValue = matching?.matching_value
		? {
				money: formatMoney(
					matching.matching_value.total,
					matching.currency
				),
				carts: matching.matching_value.carts,
			}
		: null;
	const value =
		target.kind === 'keys'
			? valueOf( target.rows )
			: ( filterValue?.money ?? null );

	if ( outcome ) {
		const problems = outcome.results.filter(
			( row ) => row.result !== 'deleted'
		);
		return (
			<div className="cart-sessions-delete">
				<p role="status">
					{ sprintf(
						/* translators: 1: carts deleted, 2: carts already gone, 3: carts that failed */
						__(
							'Deleted: %1$d. Already gone: %2$d. Failed: %3$d.',
							'cart-sessions-for-cocart'
						),
						outcome.deleted,
						outcome.not_found,
						outcome.failed
					) }
				</p>
				{ problems.length > 0 && (
					<table className="widefat striped">
						<thead>
							<tr>
								<th scope="col">
									{ __(
										'Cart key',
										'cart-sessions-for-cocart'
									) }
								</th>
								<th scope="col">
									{ __(
										'Result',
										'cart-sessions-for-cocart'
									) }
								</th>
								<th scope="col">
									{ __( 'Why', 'cart-sessions-for-cocart' ) }
								</th>
							</tr>
						</thead>
						<tbody>
							{ problems.map( ( row ) => (
								<tr key={ row.key }>
									<td>
										<code>{ row.key }</code>
									</td>
									<td>{ resultLabel( row.result ) }</td>
									<td>{ row.message ?? '' }</td>
								</tr>
							) ) }
						</tbody>
					</table>
				) }
				<Button variant="primary" onClick={ onClose }>
					{ __( 'Done', 'cart-sessions-for-cocart' ) }
				</Button>
			</div>
		);
	}

	let question: string = sprintf(
		/* translators: %d: number of carts */
		_n(
			'Delete %d cart from the store? The customer loses what is in it. This cannot be undone.',
			'Delete %d carts from the store? Their customers lose what is in them. This cannot be undone.',
			count,
			'cart-sessions-for-cocart'
		),
		count
	);
	if ( filterValue && filterValue.carts < count ) {
		question +=
			' ' +
			sprintf(
				/* translators: 1: money value, 2: carts whose total is known, 3: all carts */
				__(
					'Value of the %2$d of %3$d carts whose totals are known so far: %1$s.',
					'cart-sessions-for-cocart'
				),
				filterValue.money,
				filterValue.carts,
				count
			);
	} else if ( value !== null ) {
		question +=
			' ' +
			sprintf(
				/* translators: %s: money value of the carts */
				__( 'Value in these carts: %s.', 'cart-sessions-for-cocart' ),
				value
			);
	}

	return (
		<div className="cart-sessions-delete">
			<p>{ question }</p>
			{ target.kind === 'filter' && (
				<p>
					{ __(
						'Every cart that matches the current search and filters when you confirm is deleted, except the API key’s own session.',
						'cart-sessions-for-cocart'
					) }
				</p>
			) }
			{ needsLiveConsent && (
				<CheckboxControl
					// An id of its own: DataViews' bundled copy of the components numbers its checkboxes from 0 too,
					// so the generated "inspector-checkbox-control-0" would name another element on this page.
					id="cart-sessions-delete-live-consent"
					label={ _n(
						'Yes, delete it even though it may be live: the customer can still come back to this cart.',
						'Yes, delete them even though they include live carts: their customers can still come back to them.',
						count,
						'cart-sessions-for-cocart'
					) }
					checked={ liveConsent }
					onChange={ setLiveConsent }
				/>
			) }
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message } { error.fix }
				</Notice>
			) }
			<div className="cart-sessions-delete__buttons">
				<ConfirmButtons
					disabled={ needsLiveConsent && ! liveConsent }
					label={ sprintf(
						/* translators: %d: number of carts */
						_n(
							'Delete %d cart',
							'Delete %d carts',
							count,
							'cart-sessions-for-cocart'
						),
						count
					) }
					busy={ busy }
					onCancel={ onClose }
					onConfirm={ confirm }
				/>
			</div>
		</div>
	);
}
