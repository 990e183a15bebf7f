import { Button, Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { getSession, type SessionRow } from '../../api/sessions';
import { formatDateTime, formatMoney, formatRelative } from '../../format';
import { useRoute } from '../../hooks/useRoute';
import { CopyButton } from '../CopyButton';
import { Spinner } from '../Loading';
import { RecoveryActions } from './RecoveryActions';
import { itemsLabel, sourceLabel, StatusBadge } from './fields';

function isHttpUrl( url: string | null ): url is string {
	return !! url && /^https?:\/\//i.test( url );
}

/**
 * One cart in full. It leads with what matters (customer · value · items · expiry, status), then the checks that
 * warn or fail (the passing ones say nothing worth reading), the actions, and the detail: items, coupons, fees,
 * totals, dates.
 * @param root0
 * @param root0.cartKey
 * @param root0.canDelete  The key in use may delete carts.
 * @param root0.onDelete   Opens the delete confirmation for this cart.
 * @param root0.onPrevious The row above in the table (absent on the first).
 * @param root0.onNext     The row below in the table (absent on the last).
 */
export function SessionDetail( {
	cartKey,
	canDelete = false,
	onDelete,
	onPrevious,
	onNext,
}: {
	cartKey: string;
	canDelete?: boolean;
	onDelete?: ( row: SessionRow ) => void;
	onPrevious?: () => void;
	onNext?: () => void;
} ) {
	// One instance shows one cart (SessionsTab keys it by the cart), so no answer for another cart is shown.
	const { data: detail, error } = useRoute( cartKey, ( { signal } ) =>
		getSession( cartKey, signal )
	);

	if ( error ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error.message } { error.fix }
			</Notice>
		);
	}
	if ( ! detail ) {
		return (
			<p>
				<Spinner />{ ' ' }
				{ __( 'Loading the cart…', 'cart-sessions-for-cocart' ) }
			</p>
		);
	}

	const money = ( amount: string ) => formatMoney( amount, detail.currency );
	const { name, email } = detail.customer;

	const warnings = detail.checks.filter(
		( check ) => check.status !== 'pass'
	);
	let expiry: string | null = null;
	if ( detail.expires !== null && detail.status === 'expired' ) {
		expiry = sprintf(
			/* translators: %s: how long ago, e.g. "3 hours ago" */
			__( 'expired %s', 'cart-sessions-for-cocart' ),
			formatRelative( detail.expires )
		);
	} else if ( detail.expires !== null ) {
		expiry = sprintf(
			/* translators: %s: how long from now, e.g. "in 2 days" */
			__( 'expires %s', 'cart-sessions-for-cocart' ),
			formatRelative( detail.expires )
		);
	}

	return (
		<div className="cart-sessions-detail">
			<div className="cart-sessions-detail__summary">
				<p className="cart-sessions-detail__who">
					<strong>
						{ name ||
							email ||
							__( 'Guest', 'cart-sessions-for-cocart' ) }
					</strong>
					{ name && email && (
						<a
							className="cart-sessions-detail__email"
							href={ `mailto:${ email }` }
						>
							{ email }
						</a>
					) }
				</p>
				<p className="cart-sessions-detail__headline">
					<span data-testid="cart-summary-total">
						{ money( detail.totals.total ) }
					</span>
					{ ' · ' }
					{ itemsLabel( detail.item_count ?? 0 ) }
					{ expiry && (
						<>
							{ ' · ' }
							<span title={ formatDateTime( detail.expires ) }>
								{ expiry }
							</span>
						</>
					) }{ ' ' }
					<StatusBadge status={ detail.status } />
				</p>
			</div>

			{ warnings.length > 0 && (
				<ul className="cart-sessions-detail__checks">
					{ warnings.map( ( check ) => (
						<li key={ check.id }>
							<Notice
								status={
									check.status === 'fail'
										? 'error'
										: 'warning'
								}
								isDismissible={ false }
							>
								{ check.message }
							</Notice>
						</li>
					) ) }
				</ul>
			) }

			<div className="cart-sessions-detail__actions">
				<CopyButton
					variant="secondary"
					text={ detail.key }
					label={ __(
						'Copy the cart key',
						'cart-sessions-for-cocart'
					) }
				>
					{ __( 'Copy key', 'cart-sessions-for-cocart' ) }
				</CopyButton>
				<CopyButton
					variant="secondary"
					text={ JSON.stringify( detail, null, 2 ) }
					label={ __(
						'Copy this cart as JSON, for a support ticket',
						'cart-sessions-for-cocart'
					) }
				>
					{ __( 'Copy as JSON', 'cart-sessions-for-cocart' ) }
				</CopyButton>
				{ onDelete && canDelete && ! detail.is_key_owner && (
					<Button
						variant="secondary"
						size="small"
						isDestructive
						onClick={ () => onDelete( detail ) }
					>
						{ __( 'Delete…', 'cart-sessions-for-cocart' ) }
					</Button>
				) }
				<span className="cart-sessions-detail__nav">
					<Button
						variant="tertiary"
						size="small"
						onClick={ onPrevious }
						disabled={ ! onPrevious }
					>
						{ __( '← Previous cart', 'cart-sessions-for-cocart' ) }
					</Button>
					<Button
						variant="tertiary"
						size="small"
						onClick={ onNext }
						disabled={ ! onNext }
					>
						{ __( 'Next cart →', 'cart-sessions-for-cocart' ) }
					</Button>
				</span>
			</div>

			<RecoveryActions detail={ detail } />

			<dl className="cart-sessions-detail__facts">
				<dt>{ __( 'Cart key', 'cart-sessions-for-cocart' ) }</dt>
				<dd>
					<code>{ detail.key }</code>
				</dd>
				<dt>{ __( 'Created', 'cart-sessions-for-cocart' ) }</dt>
				<dd>{ formatDateTime( detail.created ) }</dd>
				<dt>{ __( 'Expires', 'cart-sessions-for-cocart' ) }</dt>
				<dd>{ formatDateTime( detail.expires ) }</dd>
				<dt>{ __( 'Source', 'cart-sessions-for-cocart' ) }</dt>
				<dd>{ sourceLabel( detail.source ) }</dd>
			</dl>

			<h3>{ __( 'Items', 'cart-sessions-for-cocart' ) }</h3>
			{ detail.items.length === 0 ? (
				<p>
					{ __( 'This cart is empty.', 'cart-sessions-for-cocart' ) }
				</p>
			) : (
				<table className="widefat striped">
					<thead>
						<tr>
							<th scope="col">
								<span className="screen-reader-text">
									{ __(
										'Image',
										'cart-sessions-for-cocart'
									) }
								</span>
							</th>
							<th scope="col">
								{ __( 'Product', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'SKU', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'Quantity', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __( 'Price', 'cart-sessions-for-cocart' ) }
							</th>
							<th scope="col">
								{ __(
									'Line total',
									'cart-sessions-for-cocart'
								) }
							</th>
						</tr>
					</thead>
					<tbody>
						{ detail.items.map( ( item ) => (
							<tr key={ item.key }>
								<td>
									{ isHttpUrl( item.image ) && (
										<img
											src={ item.image }
											alt=""
											width={ 40 }
											height={ 40 }
											loading="lazy"
										/>
									) }
								</td>
								<td>{ item.name }</td>
								<td>{ item.sku }</td>
								<td>{ item.quantity }</td>
								<td>{ money( item.price ) }</td>
								<td>
									{ money( item.line_total ) }
									{ item.line_subtotal !== null &&
										item.line_subtotal !==
											item.line_total && (
											<>
												<br />
												<small>
													{ sprintf(
														/* translators: %s: line total before coupon discounts */
														__(
															'%s before coupon discounts',
															'cart-sessions-for-cocart'
														),
														money(
															item.line_subtotal
														)
													) }
												</small>
											</>
										) }
								</td>
							</tr>
						) ) }
					</tbody>
				</table>
			) }

			{ detail.coupons.length > 0 && (
				<>
					<h3>{ __( 'Coupons', 'cart-sessions-for-cocart' ) }</h3>
					<ul>
						{ detail.coupons.map( ( coupon ) => (
							<li key={ coupon.code }>
								<code>{ coupon.code }</code>{ ' ' }
								{ coupon.discount === null
									? __(
											'(the store does not say how the cart’s discount is split between its coupons)',
											'cart-sessions-for-cocart'
										)
									: `−${ money( coupon.discount ) }` }
							</li>
						) ) }
					</ul>
				</>
			) }

			{ detail.fees.length > 0 && (
				<>
					<h3>{ __( 'Fees', 'cart-sessions-for-cocart' ) }</h3>
					<ul>
						{ detail.fees.map( ( fee ) => (
							<li key={ fee.name }>
								{ fee.name }: { money( fee.total ) }
							</li>
						) ) }
					</ul>
				</>
			) }

			<h3>{ __( 'Totals', 'cart-sessions-for-cocart' ) }</h3>
			<table className="widefat cart-sessions-detail__totals">
				<tbody>
					{ (
						[
							[
								__( 'Subtotal', 'cart-sessions-for-cocart' ),
								detail.totals.subtotal,
							],
							[
								__( 'Discount', 'cart-sessions-for-cocart' ),
								detail.totals.discount_total,
							],
							[
								__( 'Shipping', 'cart-sessions-for-cocart' ),
								detail.totals.shipping_total,
							],
							[
								__( 'Fees', 'cart-sessions-for-cocart' ),
								detail.totals.fee_total,
							],
							[
								__( 'Tax', 'cart-sessions-for-cocart' ),
								detail.totals.total_tax,
							],
						] as const
					 ).map( ( [ label, amount ] ) => (
						<tr key={ label }>
							<th scope="row">{ label }</th>
							<td>{ money( amount ) }</td>
						</tr>
					) ) }
					<tr>
						<th scope="row">
							<strong>
								{ __( 'Total', 'cart-sessions-for-cocart' ) }
							</strong>
						</th>
						<td>
							<strong data-testid="cart-total">
								{ money( detail.totals.total ) }
							</strong>
						</td>
					</tr>
				</tbody>
			</table>
			{ detail.cocart_version && (
				<p className="description">
					{ sprintf(
						/* translators: %s: CoCart version */
						__(
							'Read from CoCart %s.',
							'cart-sessions-for-cocart'
						),
						detail.cocart_version
					) }
				</p>
			) }
		</div>
	);
}
