<?php
/**
 * GET /cocart/v2/session/<key> and GET …/items (docs/cocart-api.md#one-cart). Readable in 4.3.6; in 4.7.0/4.8.0
 * only for carts without items (VersionModesTest covers the failures), so the item-level checks run in 4.3.6.
 */

declare(strict_types=1);

require_once __DIR__ . '/DoubleTestCase.php';

use CoCartDouble\CartData;

final class SingleSessionTest extends DoubleTestCase {

	/** A cart: 2 × Beanie (18.00, 0.2 kg), 1 × Hoodie Blue variation (45.00, 1.5 kg). */
	private function beanie_and_hoodie(): array {
		return $this->session(
			array( array( 16, 2 ), array( 31, 1 ) ),
			array( 'first_name' => 'Cart', 'last_name' => 'Owner', 'email' => 'owner@example.com' )
		);
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_single_session_has_exactly_the_documented_keys( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'empty1', $this->session() );
		$r = $this->api( 'GET', 'cocart/v2/session/empty1', $key );
		$this->assertSame( 200, $r->status, $r->body );
		$this->assertSame(
			array(
				'cart_key',
				'customer',
				'items',
				'item_count',
				'items_weight',
				'coupons',
				'fees',
				'totals',
				'needs_payment',
				'removed_items',
			),
			array_keys( $r->json )
		);
		$absents = array( 'cart_created', 'cart_expiry', 'cart_source', 'cart_hash', 'currency', 'customer_id' );
		foreach ( $absents as $absent ) {
			$this->assertArrayNotHasKey( $absent, $r->json );
		}
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_empty_cart_has_empty_arrays_zero_totals_and_no_payment( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'empty1', $this->session() );
		$r = $this->api( 'GET', 'cocart/v2/session/empty1', $key );
		$this->assertStringContainsString( '"items":[]', $r->body );
		$this->assertStringContainsString( '"fees":[]', $r->body );
		$this->assertStringContainsString( '"removed_items":[]', $r->body );
		$this->assertSame( array(), $r->json['coupons'] );
		$this->assertSame( 0, $r->json['item_count'] );
		$this->assertSame( '0', $r->json['items_weight'] );
		$this->assertSame(
			array_fill_keys(
				array(
					'subtotal',
					'subtotal_tax',
					'fee_total',
					'fee_tax',
					'discount_total',
					'discount_tax',
					'shipping_total',
					'shipping_tax',
					'total',
					'total_tax',
				),
				'0'
			),
			$r->json['totals']
		);
		$this->assertFalse( $r->json['needs_payment'] );
	}

	public function test_customer_has_billing_and_shipping_address_with_checkout_field_keys(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->beanie_and_hoodie() );
		$customer = $this->api( 'GET', 'cocart/v2/session/abc', $key )->json['customer'];
		$this->assertSame( array( 'billing_address', 'shipping_address' ), array_keys( $customer ) );
		$this->assertSame(
			array(
				'billing_first_name',
				'billing_last_name',
				'billing_company',
				'billing_country',
				'billing_address_1',
				'billing_address_2',
				'billing_city',
				'billing_state',
				'billing_postcode',
				'billing_phone',
				'billing_email',
			),
			array_keys( $customer['billing_address'] )
		);
		$this->assertSame(
			array(
				'shipping_first_name',
				'shipping_last_name',
				'shipping_company',
				'shipping_country',
				'shipping_address_1',
				'shipping_address_2',
				'shipping_city',
				'shipping_state',
				'shipping_postcode',
			),
			array_keys( $customer['shipping_address'] )
		);
	}

	public function test_items_are_an_object_keyed_by_item_key_with_the_item_shape(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->beanie_and_hoodie() );
		$r     = $this->api( 'GET', 'cocart/v2/session/abc', $key );
		$items = $r->json['items'];
		$this->assertCount( 2, $items );
		$this->assertStringContainsString( '"items":{"', $r->body, 'an object, not a list' );
		foreach ( $items as $item_key => $item ) {
			$this->assertSame( $item_key, $item['item_key'] );
			$this->assertMatchesRegularExpression( '/^[0-9a-f]{32}$/', $item_key );
			$this->assertSame(
				array(
					'item_key',
					'id',
					'name',
					'title',
					'price',
					'quantity',
					'totals',
					'slug',
					'meta',
					'backorders',
					'cart_item_data',
					'featured_image',
				),
				array_keys( $item )
			);
			$this->assertIsInt( $item['id'] );
			$this->assertSame( array( 'value', 'min_purchase', 'max_purchase' ), array_keys( $item['quantity'] ) );
			$this->assertSame( 1, $item['quantity']['min_purchase'] );
			$this->assertSame( -1, $item['quantity']['max_purchase'], '-1 = unlimited' );
			$this->assertSame( array( 'subtotal', 'subtotal_tax', 'total', 'tax' ), array_keys( $item['totals'] ) );
			$this->assertSame(
				array( 'product_type', 'sku', 'dimensions', 'weight', 'variation' ),
				array_keys( $item['meta'] )
			);
			$this->assertSame(
				array( 'length', 'width', 'height', 'unit' ),
				array_keys( $item['meta']['dimensions'] )
			);
			$this->assertSame( '', $item['backorders'] );
			$this->assertSame( array(), $item['cart_item_data'] );
		}
	}

	public function test_item_values_money_as_minor_unit_strings(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->beanie_and_hoodie() );
		$items  = array_values( $this->api( 'GET', 'cocart/v2/session/abc', $key )->json['items'] );
		$beanie = $items[0];
		$this->assertSame( 16, $beanie['id'] );
		$this->assertSame( 'Beanie', $beanie['name'] );
		$this->assertSame( '1800', $beanie['price'] );
		$this->assertSame( 2, $beanie['quantity']['value'] );
		$this->assertSame(
			array( 'subtotal' => '3600', 'subtotal_tax' => '0', 'total' => '3600', 'tax' => '0' ),
			$beanie['totals']
		);
		$this->assertSame( 'beanie', $beanie['slug'] );
		$this->assertSame( 'simple', $beanie['meta']['product_type'] );
		$this->assertSame( 'woo-beanie', $beanie['meta']['sku'] );
		$this->assertSame( '0.4', $beanie['meta']['weight'], 'line weight: 0.2 kg × 2' );
		$this->assertSame( array(), $beanie['meta']['variation'] );
		$hoodie = $items[1];
		$this->assertSame( 31, $hoodie['id'], 'the variation ID' );
		$this->assertSame( 'Hoodie', $hoodie['title'] );
		$this->assertSame( 'variation', $hoodie['meta']['product_type'] );
		$this->assertSame( array( 'Color' => 'Blue', 'Logo' => 'Yes' ), $hoodie['meta']['variation'] );
		$this->assertSame( '4500', $hoodie['price'] );
	}

	public function test_item_count_is_the_sum_of_quantities_and_may_be_a_float(): void {
		$key = $this->make_key();
		$this->put_cart( 'ints', $this->session( array( array( 16, 2 ), array( 17, 3 ) ) ) );
		$this->put_cart( 'floats', $this->session( array( array( 16, 1.5 ), array( 17, 1.0 ) ) ) );
		$this->assertSame( 5, $this->api( 'GET', 'cocart/v2/session/ints', $key )->json['item_count'] );
		// CoCart's floatval stock amounts: fractional quantities come through as JSON numbers with a fraction
		// (a whole float such as 1.0 is written as 1 by json_encode).
		$r = $this->api( 'GET', 'cocart/v2/session/floats', $key );
		$this->assertSame( 2.5, $r->json['item_count'] );
		$this->assertStringContainsString( '"item_count":2.5', $r->body );
		$this->assertStringContainsString( '"value":1.5', $r->body );
	}

	public function test_items_weight_is_a_string_without_unit(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->beanie_and_hoodie() );
		$this->put_cart( 'music', $this->session( array( array( 22, 1 ) ) ) ); // Album: no weight.
		$this->assertSame( '1.9', $this->api( 'GET', 'cocart/v2/session/abc', $key )->json['items_weight'] );
		$r = $this->api( 'GET', 'cocart/v2/session/music', $key );
		$this->assertSame( '0', $r->json['items_weight'] );
		$this->assertSame(
			'0.0',
			array_values( $r->json['items'] )[0]['meta']['weight'],
			'"0.0" when the product has no weight'
		);
	}

	public function test_totals_are_ten_minor_unit_strings_in_order_and_needs_payment_follows_total(): void {
		$key     = $this->make_key();
		$session = $this->beanie_and_hoodie();
		$session['cart_totals'] = CartData::totals(
			$session['cart'],
			array( 'summer10' => 8.1 ),
			array( 'wrap' => array( 'name' => 'Gift wrap', 'amount' => 2.5 ) ),
			4.99
		);
		$this->put_cart( 'abc', $session );
		$r = $this->api( 'GET', 'cocart/v2/session/abc', $key );
		$this->assertSame(
			array(
				'subtotal'       => '8100',
				'subtotal_tax'   => '0',
				'fee_total'      => '250',
				'fee_tax'        => '0',
				'discount_total' => '810',
				'discount_tax'   => '0',
				'shipping_total' => '499',
				'shipping_tax'   => '0',
				'total'          => '8039',
				'total_tax'      => '0',
			),
			$r->json['totals']
		);
		$this->assertTrue( $r->json['needs_payment'] );
	}

	public function test_money_follows_the_stores_decimals(): void {
		update_option( 'woocommerce_price_num_decimals', 0 );
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 16, 2 ) ) ) );
		$r = $this->api( 'GET', 'cocart/v2/session/abc', $key );
		delete_option( 'woocommerce_price_num_decimals' );
		$this->assertSame( '36', $r->json['totals']['total'] );
		$this->assertSame( '18', array_values( $r->json['items'] )[0]['price'] );
	}

	public function test_coupons_fees_and_removed_items_shapes(): void {
		$key     = $this->make_key();
		$session = $this->beanie_and_hoodie();
		$gone    = CartData::item( 18, 2 );
		$session['applied_coupons']       = array( 'summer10' );
		$session['cart_fees']             = array(
			'gift-wrap' => array( 'id' => 'gift-wrap', 'name' => 'Gift wrap', 'amount' => 2.5, 'total' => 2.5 ),
		);
		$session['removed_cart_contents'] = array( $gone['key'] => $gone );
		$this->put_cart( 'abc', $session );
		$json = $this->api( 'GET', 'cocart/v2/session/abc', $key )->json;
		$this->assertSame( array( 'coupon', 'label', 'saving', 'saving_html' ), array_keys( $json['coupons'][0] ) );
		$this->assertSame( 'summer10', $json['coupons'][0]['coupon'] );
		$this->assertSame( array( 'gift-wrap' => array( 'name' => 'Gift wrap', 'fee' => '250' ) ), $json['fees'] );
		$this->assertSame( array( $gone['key'] ), array_keys( $json['removed_items'] ) );
		$this->assertSame( 2, $json['removed_items'][ $gone['key'] ]['quantity'], 'quantity flattened to a number' );
		$this->assertSame( 'Cap', $json['removed_items'][ $gone['key'] ]['name'] );
	}

	public function test_cart_cache_wins_over_cart(): void {
		$key     = $this->make_key();
		$session = $this->session( array( array( 16, 1 ) ) );
		$cached  = CartData::item( 19, 1 );
		$session['cart_cache'] = array( $cached['key'] => $cached );
		$this->put_cart( 'abc', $session );
		$items = $this->api( 'GET', 'cocart/v2/session/abc', $key )->json['items'];
		$this->assertSame( array( 'Sunglasses' ), array_column( array_values( $items ), 'name' ) );
	}

	public function test_featured_image_is_a_url_by_default_and_empty_with_thumb_false(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->session( array( array( 16, 1 ) ) ) );
		$with = array_values( $this->api( 'GET', 'cocart/v2/session/abc', $key )->json['items'] )[0]['featured_image'];
		$this->assertStringStartsWith( self::HTTP . '/', $with );
		$this->assertMatchesRegularExpression( '/\.(jpg|png)$/', $with );
		$without = array_values(
			$this->api(
				'GET',
				'cocart/v2/session/abc',
				$key,
				array( 'query' => array( 'thumb' => 'false' ) )
			)->json['items']
		)[0]['featured_image'];
		$this->assertSame( '', $without );
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_missing_key_is_404_cart_in_session_not_valid( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/session/nope', $key ),
			404,
			'cocart_cart_in_session_not_valid',
			'Cart in session is not valid!'
		);
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/session/nope/items', $key ),
			404,
			'cocart_cart_in_session_not_valid',
			'Cart in session is not valid!'
		);
	}

	public function test_items_route_returns_the_items_object_alone(): void {
		$key = $this->make_key();
		$this->put_cart( 'abc', $this->beanie_and_hoodie() );
		$single = $this->api( 'GET', 'cocart/v2/session/abc', $key )->json;
		$r      = $this->api( 'GET', 'cocart/v2/session/abc/items', $key );
		$this->assertSame( 200, $r->status );
		$this->assertSame( $single['items'], $r->json );
		$this->assertStringStartsWith( '{"', $r->body );
	}

	/**
	 * @dataProvider readable_modes
	 */
	public function test_items_of_an_empty_cart_is_400_response_returned_empty( string $mode ): void {
		$this->mode( $mode );
		$key = $this->make_key();
		$this->put_cart( 'empty1', $this->session() );
		$this->assertRestError(
			$this->api( 'GET', 'cocart/v2/session/empty1/items', $key ),
			400,
			'cocart_response_returned_empty',
			'Request returned nothing for "' . self::HTTP . '/wp-json/cocart/v2/session/"! Please seek assistance.'
		);
	}

	public function test_a_deleted_product_in_the_cart_is_a_fatal_error(): void {
		$key     = $this->make_key();
		$session = $this->session( array( array( 16, 1 ) ) );
		$ghost   = CartData::item( 9999, 1 ); // Not in the catalogue: the product was deleted.
		$session['cart'][ $ghost['key'] ] = $ghost;
		$this->put_cart( 'abc', $session );
		$r = $this->api( 'GET', 'cocart/v2/session/abc', $key );
		$this->assertSame( 500, $r->status );
		$this->assertStringContainsString( 'There has been a critical error on this website.', $r->body );
	}
}
