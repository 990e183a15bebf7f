<?php
/**
 * cart_value as WooCommerce's session handler writes it: serialize() of an array whose values are each
 * maybe_serialize()d (WC_Session::set()), with keys cart, cart_totals, applied_coupons, coupon_discount_totals,
 * coupon_discount_tax_totals, removed_cart_contents, customer (billing fields without the billing_ prefix,
 * shipping fields with shipping_), chosen_shipping_methods, optional cart_fees, and CoCart's cart_cache.
 *
 * @package CoCartDouble
 */

declare(strict_types=1);

namespace CoCartDouble;

final class CartData {

	/**
	 * Reads a cart_value the way WC_Session_Handler does (outer maybe_unserialize, then each value).
	 *
	 * @return array<string,mixed>|null Null when the value is not an array (damaged session).
	 */
	public static function read( string $cart_value ): ?array {
		$outer = maybe_unserialize( $cart_value );
		return is_array( $outer ) ? self::unserialize_values( $outer ) : null;
	}

	/**
	 * Each value of a session as WC_Session::get() returns it (WC_Session_Handler::get_session() gives the outer
	 * array with its values still serialized).
	 *
	 * @param array<string,mixed> $outer
	 * @return array<string,mixed>
	 */
	public static function unserialize_values( array $outer ): array {
		foreach ( $outer as $key => $value ) {
			$outer[ $key ] = is_string( $value ) ? maybe_unserialize( $value ) : $value;
		}
		return $outer;
	}

	/**
	 * @param array<string,mixed> $session Session keys => plain PHP values.
	 */
	public static function write( array $session ): string {
		// phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.serialize_serialize
		return serialize( array_map( 'maybe_serialize', $session ) );
	}

	/**
	 * A WooCommerce cart item (as stored in the session: no product object) for a catalogue product.
	 *
	 * @param int|float $quantity Float when CoCart's floatval stock-amount filter stored it.
	 * @return array<string,mixed>
	 */
	public static function item( int $product_id, $quantity, array $cart_item_data = array() ): array {
		$product = Catalogue::get( $product_id );
		$price   = null === $product ? 10.0 : (float) $product['price'];
		$parent  = null === $product ? $product_id : (int) ( $product['parent'] ?? $product_id );
		$vid     = ( null !== $product && isset( $product['parent'] ) ) ? $product_id : 0;
		$attrs   = null === $product ? array() : (array) ( $product['attributes'] ?? array() );
		$line    = round( $price * (float) $quantity, 2 );
		// WC_Cart::generate_cart_id().
		$key = md5(
			$parent
			. '_'
			. $vid
			. '_'
			. ( $attrs ? http_build_query( $attrs ) : '' )
			. ( $cart_item_data ? md5( (string) wp_json_encode( $cart_item_data ) ) : '' )
		);
		return array_merge(
			$cart_item_data,
			array(
				'key'               => $key,
				'product_id'        => $parent,
				'variation_id'      => $vid,
				'variation'         => $attrs,
				'quantity'          => $quantity,
				'data_hash'         => md5( (string) $product_id ),
				'line_tax_data'     => array( 'subtotal' => array(), 'total' => array() ),
				'line_subtotal'     => $line,
				'line_subtotal_tax' => 0,
				'line_total'        => $line,
				'line_tax'          => 0,
			)
		);
	}

	/**
	 * WC_Cart_Totals-like totals for a cart (no tax), as the session's cart_totals stores them.
	 *
	 * @param array<string,array<string,mixed>> $cart
	 * @param array<string,float>               $discounts coupon code => discount amount
	 * @param array<string,array<string,mixed>> $fees
	 * @return array<string,mixed>
	 */
	public static function totals(
		array $cart,
		array $discounts = array(),
		array $fees = array(),
		float $shipping = 0.0
	): array {
		$subtotal = 0.0;
		foreach ( $cart as $item ) {
			$subtotal += (float) $item['line_subtotal'];
		}
		$discount  = min( $subtotal, array_sum( $discounts ) );
		$fee_total = 0.0;
		foreach ( $fees as $fee ) {
			$fee_total += (float) $fee['amount'];
		}
		$total = max( 0.0, $subtotal - $discount + $fee_total + $shipping );
		return array(
			'subtotal'            => (string) $subtotal,
			'subtotal_tax'        => 0,
			'shipping_total'      => (string) $shipping,
			'shipping_tax'        => 0,
			'shipping_taxes'      => array(),
			'discount_total'      => $discount,
			'discount_tax'        => 0,
			'cart_contents_total' => (string) ( $subtotal - $discount ),
			'cart_contents_tax'   => 0,
			'cart_contents_taxes' => array(),
			'fee_total'           => (string) $fee_total,
			'fee_tax'             => 0,
			'fee_taxes'           => array(),
			'total'               => number_format( $total, 2, '.', '' ),
			'total_tax'           => 0,
		);
	}

	/**
	 * The session customer array (WC_Customer_Data_Store_Session keys) for given billing/shipping values.
	 *
	 * @param array<string,string> $fields Keys as in the session: first_name, email, shipping_city, …
	 * @return array<string,mixed>
	 */
	public static function customer( array $fields, int $id = 0 ): array {
		$keys     = array(
			'id',
			'date_modified',
			'postcode',
			'city',
			'address_1',
			'address',
			'address_2',
			'state',
			'country',
			'shipping_postcode',
			'shipping_city',
			'shipping_address_1',
			'shipping_address',
			'shipping_address_2',
			'shipping_state',
			'shipping_country',
			'is_vat_exempt',
			'calculated_shipping',
			'first_name',
			'last_name',
			'company',
			'phone',
			'email',
			'shipping_first_name',
			'shipping_last_name',
			'shipping_company',
			'shipping_phone',
		);
		$customer = array_fill_keys( $keys, '' );
		$customer['id']                  = (string) $id;
		$customer['is_vat_exempt']       = '';
		$customer['calculated_shipping'] = '';
		foreach ( $fields as $key => $value ) {
			$customer[ $key ] = $value;
		}
		$customer['address']          = $customer['address_1'];
		$customer['shipping_address'] = $customer['shipping_address_1'];
		return $customer;
	}

	/**
	 * WooCommerce's default checkout fields, in order (CoCart_Utilities_Cart_Helpers::get_customer_fields()).
	 *
	 * @return string[]
	 */
	public static function billing_fields(): array {
		return array(
			'first_name',
			'last_name',
			'company',
			'country',
			'address_1',
			'address_2',
			'city',
			'state',
			'postcode',
			'phone',
			'email',
		);
	}

	/**
	 * @return string[]
	 */
	public static function shipping_fields(): array {
		return array(
			'first_name',
			'last_name',
			'company',
			'country',
			'address_1',
			'address_2',
			'city',
			'state',
			'postcode',
		);
	}
}
