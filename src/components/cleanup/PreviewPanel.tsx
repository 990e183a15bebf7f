import { Button, Notice } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { CleanupPreview } from '../../api/cleanup';
import { formatDateTime, formatMoney, formatRelative } from '../../format';
import { sessionsUrl } from '../overview/links';

/**
 * What the rule would delete: "312 carts · £4,210.00 would be deleted", then the carts, a page at a time.
 * Names and emails are rendered as text (React escapes them).
 */
export function PreviewPanel( {
	preview,
	onPage,
}: {
	preview: CleanupPreview;
	onPage: ( page: number ) => void;
} ) {
	const value =
		preview.value_total === null
			? __( 'value not known yet', 'cart-sessions-for-cocart' )
			: formatMoney( preview.value_total, preview.currency );
	return (
		<div
			className="cart-sessions-cleanup__preview"
			data-testid="cleanup-preview"
		>
			<p className="cart-sessions-cleanup__headline" role="status">
				{ sprintf(
					/* translators: 1: number of carts, 2: their total value */
					_n(
						'%1$s cart · %2$s would be deleted',
						'%1$s carts · %2$s would be deleted',
						preview.count,
						'cart-sessions-for-cocart'
					),
					preview.count.toLocaleString(),
					value
				) }
			</p>
			{ preview.bulk && (
				<p>
					{ __(
						'Every expired cart: CoCart’s bulk tool removes them in one request.',
						'cart-sessions-for-cocart'
					) }
				</p>
			) }
			{ preview.details_pending > 0 && (
				<Notice status="info" isDismissible={ false }>
					{ sprintf(
						/* translators: %d: number of carts */
						_n(
							'The items and total of %d cart are still being read from the store; preview again to include it.',
							'The items and total of %d carts are still being read from the store; preview again to include them.',
							preview.details_pending,
							'cart-sessions-for-cocart'
						),
						preview.details_pending
					) }
				</Notice>
			) }
			{ ! preview.list_available && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'The store holds too many carts to list them, so the count comes from its status report and the carts cannot be shown.',
						'cart-sessions-for-cocart'
					) }
				</Notice>
			) }
			{ preview.items.length > 0 && (
				<table className="widefat striped cart-sessions-cleanup__table cart-sessions-cleanup__table--carts">
					<caption className="screen-reader-text">
						{ __(
							'Carts the rule would delete',
							'cart-sessions-for-cocart'
						) }
					</caption>
					<thead>
						<tr>
							<th scope="col">
								{ __( 'Cart key', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'Customer', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'Expired', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'Items', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'Total', 'cart-sessions-for-cocart' ) }
							</th>
						</tr>
					</thead>
					<tbody>
						{ preview.items.map( ( row ) => (
							<tr key={ row.key }>
								<td>
									{ /* The cart in the Sessions tab, its panel open. */ }
									<a
										href={ sessionsUrl( {
											status: 'all',
											s: row.key,
											cart: row.key,
										} ) }
									>
										<code>{ row.key }</code>
									</a>
								</td>
								<td>
									{ row.customer.name ||
										row.customer.email ||
										__(
											'Guest',
											'cart-sessions-for-cocart'
										) }
									{ row.customer.name &&
										row.customer.email && (
											<>
												<br />
												<small>
													{ row.customer.email }
												</small>
											</>
										) }
								</td>
								<td title={ formatDateTime( row.expires ) }>
									{ formatRelative( row.expires ) }
								</td>
								<td>{ row.item_count ?? '—' }</td>
								<td>
									{ formatMoney( row.total, row.currency ) }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }
			{ preview.total_pages > 1 && (
				<nav
					className="cart-sessions-cleanup__pages"
					aria-label={ __(
						'Preview pages',
						'cart-sessions-for-cocart'
					) }
				>
					<Button
						variant="secondary"
						disabled={ preview.page <= 1 }
						onClick={ () => onPage( preview.page - 1 ) }
					>
						{ __( 'Previous', 'cart-sessions-for-cocart' ) }
					</Button>
					<span>
						{ sprintf(
							/* translators: 1: page, 2: pages */
							__(
								'Page %1$d of %2$d',
								'cart-sessions-for-cocart'
							),
							preview.page,
							preview.total_pages
						) }
					</span>
					<Button
						variant="secondary"
						disabled={ preview.page >= preview.total_pages }
						onClick={ () => onPage( preview.page + 1 ) }
					>
						{ __( 'Next', 'cart-sessions-for-cocart' ) }
					</Button>
				</nav>
			) }
		</div>
	);
}
