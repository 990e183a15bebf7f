<?php
/**
 * The normaliser against recorded fixtures of every shape (tests/php/fixtures): the contract's literal examples,
 * a 4.3.6 list and details recorded from the store double, and the double's "documented" mode.
 */

declare(strict_types=1);

use CartSessions\Sessions\Normaliser;

final class NormaliserTest extends WpTestCase {

	/**
	 * @return array<string,mixed>
	 */
	private static function fixture( string $name ): array {
		$data = json_decode( (string) file_get_contents( __DIR__ . '/../fixtures/' . $name ), true );
		self::assertIsArray( $data, $name );
		return $data;
	}

	/**
	 * Every normalised session has exactly the fields the app reads, with the right types.
	 *
	 * @param array<string,mixed> $s
	 */
	private function assertNormalised( array $s ): void {
		$fields = array(
			'key',
			'customer',
			'created',
			'expires',
			'source',
			'status',
			'item_count',
			'total',
			'currency',
		);
		foreach ( $fields as $field ) {
			$this->assertArrayHasKey( $field, $s );
		}
		$this->assertIsString( $s['key'] );
		$this->assertNotSame( '', $s['key'] );
		$this->assertSame( array( 'name', 'email' ), array_keys( $s['customer'] ) );
		foreach ( array( 'created', 'expires' ) as $date ) {
			if ( null !== $s[ $date ] ) {
				$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/', $s[ $date ] );
			}
		}
		$this->assertContains( $s['status'], array( 'active', 'expiring', 'expired' ) );
		if ( null !== $s['total'] ) {
			$this->assertMatchesRegularExpression( '/^-?\d+\.\d{2}$/', $s['total'] );
		}
	}

	public function test_contract_list_rows(): void {
		$f    = self::fixture( 'cocart-contract-examples.json' );
		$rows = ( new Normaliser( 2, 'GBP', $f['now'] ) )->rows( $f['list'] );
		$this->assertCount( 4, $rows );
		array_map( array( $this, 'assertNormalised' ), $rows );
		$this->assertSame(
			array(
				'key'        => 't_6f1c0a2b9d8e7f6a5b4c3d2e1f0a9b',
				'customer'   => array( 'name' => 'Jane Doe', 'email' => 'jane@example.com' ),
				'created'    => '2025-03-14T09:26:53Z',
				'expires'    => '2025-03-16T09:31:10Z',
				'source'     => 'cocart',
				'status'     => 'active',
				'item_count' => null,
				'total'      => null,
				'currency'   => null,
			),
			$rows[0]
		);
		$this->assertSame( array( 'name' => null, 'email' => null ), $rows[1]['customer'] );
		$this->assertSame( 'woocommerce', $rows[1]['source'] );
		$this->assertNull( $rows[2]['created'], '01/01/1970 means unknown' );
		$this->assertSame( 'Okafor', $rows[2]['customer']['name'], 'last name only: no leading space' );
		$this->assertSame( 'expiring', $rows[2]['status'], 'expires in 2 h' );
		$this->assertSame( '', $rows[2]['source'] );
		$this->assertSame( 'expired', $rows[3]['status'] );
		$this->assertSame( array( 'name' => null, 'email' => null ), $rows[3]['customer'], 'missing fields are null' );
	}

	public function test_contract_single_session_merged_with_its_row(): void {
		$f      = self::fixture( 'cocart-contract-examples.json' );
		$detail = ( new Normaliser( 2, 'GBP', $f['now'] ) )->detail( $f['single'], $f['list'][0] );
		$this->assertNormalised( $detail );
		$this->assertSame(
			'Jane Doe',
			$detail['customer']['name'],
			'the list row wins over the caller’s billing data'
		);
		$this->assertSame( '2025-03-16T09:31:10Z', $detail['expires'] );
		$this->assertSame( 3.5, $detail['item_count'], 'float quantities survive' );
		$this->assertSame( '49.28', $detail['total'] );
		$this->assertSame( 'GBP', $detail['currency'] );
		$this->assertSame(
			array(
				'subtotal'       => '54.75',
				'discount_total' => '5.47',
				'shipping_total' => '0.00',
				'fee_total'      => '0.00',
				'total_tax'      => '0.00',
				'total'          => '49.28',
			),
			$detail['totals']
		);
		$this->assertSame(
			array(
				'key'        => 'c74d97b01eae257e44aa9d5bade97baf',
				'product_id' => 16,
				'name'       => 'Beanie',
				'sku'        => 'woo-beanie',
				'quantity'   => 2,
				'price'      => '18.00',
				'line_total' => '36.00',
				'line_subtotal' => '36.00',
				'image'      => 'https://example.com/wp-content/uploads/2025/01/beanie-300x300.jpg',
			),
			$detail['items'][0]
		);
		$this->assertSame( 1.5, $detail['items'][1]['quantity'] );
		$this->assertSame( '', $detail['items'][1]['sku'], 'missing meta' );
		$this->assertSame( array( array( 'code' => 'summer10', 'discount' => '5.47' ) ), $detail['coupons'] );

		$alone = ( new Normaliser( 2, null, $f['now'] ) )->detail( $f['single'] );
		$this->assertSame( 't_6f1c0a2b9d8e7f6a5b4c3d2e1f0a9b', $alone['key'] );
		$this->assertNull( $alone['expires'] );
		$this->assertNull( $alone['currency'] );
	}

	public function test_a_coupon_saving_of_minus_zero_beside_a_real_discount_shows_the_carts_discount(): void {
		$f                                  = self::fixture( 'cocart-contract-examples.json' );
		$single                             = $f['single'];
		$single['coupons'][0]['saving']     = '-0'; // What CoCart 4.3.6 answers: the caller's empty cart's saving.
		$single['totals']['discount_total'] = '893';
		$detail                             = ( new Normaliser( 2, 'GBP', $f['now'] ) )->detail( $single );
		$this->assertSame( array( array( 'code' => 'summer10', 'discount' => '8.93' ) ), $detail['coupons'] );
	}

	public function test_several_coupons_with_untrustworthy_savings_say_the_split_is_unknown(): void {
		$f                                  = self::fixture( 'cocart-contract-examples.json' );
		$single                             = $f['single'];
		$single['coupons']                  = array(
			array( 'coupon' => 'lab10', 'saving' => '-0' ),
			array( 'coupon' => 'free5', 'saving' => '-0' ),
		);
		$single['totals']['discount_total'] = '893';
		$detail                             = ( new Normaliser( 2, 'GBP', $f['now'] ) )->detail( $single );
		$this->assertSame(
			array( array( 'code' => 'lab10', 'discount' => null ), array( 'code' => 'free5', 'discount' => null ) ),
			$detail['coupons']
		);
		$this->assertSame( '8.93', $detail['totals']['discount_total'] );
	}

	public function test_a_discounted_line_keeps_its_total_before_the_discount(): void {
		$f                                          = self::fixture( 'cocart-contract-examples.json' );
		$single                                     = $f['single'];
		$first                                      = array_key_first( $single['items'] );
		$single['items'][ $first ]['totals']['total'] = '3240';
		$item                                       = (
			new Normaliser( 2, 'GBP', $f['now'] )
		)->detail( $single )['items'][0];
		$this->assertSame( '32.40', $item['line_total'] );
		$this->assertSame( '36.00', $item['line_subtotal'] );
	}

	public function test_empty_cart_with_bare_zeros(): void {
		$f      = self::fixture( 'cocart-contract-examples.json' );
		$detail = ( new Normaliser( 2, 'EUR', $f['now'] ) )->detail( $f['single_5x_zero'] );
		$this->assertSame( 0, $detail['item_count'] );
		$this->assertSame( '0.00', $detail['total'] );
		$this->assertSame( array(), $detail['items'] );
		$this->assertSame( array( 'name' => null, 'email' => null ), $detail['customer'] );
	}

	public function test_recorded_436_list_and_details(): void {
		$list    = self::fixture( 'cocart-4.3.6-sessions.json' );
		$details = self::fixture( 'cocart-4.3.6-session-details.json' );
		$n       = new Normaliser( 2, 'GBP', $list['recorded_at'] );
		$rows    = $n->rows( $list['body'] );
		$this->assertCount( count( $list['body'] ), $rows );
		array_map( array( $this, 'assertNormalised' ), $rows );
		$statuses = array_count_values( array_column( $rows, 'status' ) );
		$this->assertArrayHasKey( 'expired', $statuses );
		$this->assertArrayHasKey( 'active', $statuses );
		$by_key = array_column( $list['body'], null, 'cart_key' );
		foreach ( $details['body'] as $key => $detail ) {
			$d = $n->detail( $detail, $by_key[ $key ] ?? null );
			$this->assertNormalised( $d );
			$this->assertSame( (string) $key, $d['key'] );
			$this->assertSame( array_sum( array_column( $d['items'], 'quantity' ) ), $d['item_count'], (string) $key );
			// Minor units: the total is the raw value with a decimal point two places from the right.
			$this->assertSame(
				number_format( (int) $detail['totals']['total'] / 100, 2, '.', '' ),
				$d['total'],
				(string) $key
			);
		}
		$fee = $n->detail( $details['body']['1002'], $by_key['1002'] ?? null );
		$this->assertSame( array( array( 'name' => 'Gift wrap', 'total' => '2.50' ) ), $fee['fees'] );
		$this->assertSame( '367.49', $fee['total'] );
		$this->assertSame( '4.99', $fee['totals']['shipping_total'] );
	}

	public function test_recorded_documented_shape(): void {
		$page = self::fixture( 'documented-sessions-page1.json' );
		$n    = new Normaliser( 2, 'GBP', $page['recorded_at'] );
		$rows = $n->rows( $page['body'] );
		$this->assertCount( 5, $rows );
		array_map( array( $this, 'assertNormalised' ), $rows );
		$first = $page['body'][0];
		$this->assertSame( $first['session_key'], $rows[0]['key'] );
		$this->assertSame( gmdate( 'Y-m-d\TH:i:s\Z', $first['cart_expiry'] ), $rows[0]['expires'] );
		$this->assertSame( number_format( (float) $first['cart_totals']['total'], 2, '.', '' ), $rows[0]['total'] );
		$this->assertSame( array_sum( array_column( $first['cart_items'], 'quantity' ) ), $rows[0]['item_count'] );
		$this->assertSame( $first['customer']['billing_email'], $rows[0]['customer']['email'] );

		$one    = self::fixture( 'documented-session.json' );
		$detail = $n->detail( $one['body'] );
		$this->assertNormalised( $detail );
		$this->assertSame( '285.00', $detail['total'] );
		$this->assertSame( 4, $detail['item_count'] );
		$this->assertSame( '270.00', $detail['items'][0]['line_total'] );
		$this->assertSame( '😀 Smiley Иванов', $detail['customer']['name'] );
	}

	public function test_unreleased_paged_variant_and_junk(): void {
		$n = new Normaliser( 2, null, 1741946400 );
		$this->assertCount(
			1,
			$n->rows( array( 'sessions' => array( array( 'cart_key' => 'a' ) ), 'page' => 1, 'total_pages' => 1 ) )
		);
		$this->assertSame( array(), $n->rows( 'No carts in session!' ) );
		$this->assertSame( array(), $n->rows( array( 'x', 3, array( 'no' => 'key' ) ) ) );
		$this->assertSame( 'active', $n->row( array( 'cart_key' => 'k' ) )['status'] );
	}

	public function test_dates_of_a_whole_list_read_each_value_as_date_does(): void {
		// The cold first page reads every expiry of the list at once: each must come out as date() reads it alone,
		// whatever the store sent (keys kept).
		$values = array(
			'a'  => '12/06/2026 10:15:00',
			'b'  => '02/30/2026 10:00:00', // Not a real day.
			'c'  => '01/01/1970 00:00:00', // The epoch: no date.
			'd'  => '12/31/1969 23:59:59',
			'e'  => '12/06/2026 24:00:00',
			'f'  => ' 12/06/2026 10:15:00 ',
			'g'  => '2026-12-06T10:15:00Z',
			'h'  => '1796550900',
			'i'  => 1796550900,
			'j'  => 0,
			'k'  => null,
			'l'  => '',
			'm'  => array( '12/06/2026 10:15:00' ),
			'n'  => '02/29/2028 23:59:59',
			'o'  => 'next tuesday, no',
			7    => '06/12/2026 07:05:09',
		);
		$one_by_one = array_map( array( Normaliser::class, 'date' ), $values );
		$this->assertSame( '2026-12-06T10:15:00Z', $one_by_one['a'] );
		$this->assertNull( $one_by_one['c'] );
		$this->assertSame( $one_by_one, Normaliser::dates( $values ) );
	}

	public function test_money_dates_and_decimals(): void {
		$two = new Normaliser( 2 );
		$this->assertSame( '36.00', $two->money( '3600' ) );
		$this->assertSame( '0.05', $two->money( '5' ) );
		$this->assertSame( '0.00', $two->money( 0 ) );
		$this->assertSame( '0.00', $two->money( '0' ) );
		$this->assertSame( '-1.50', $two->money( '-150' ) );
		$this->assertSame( '12345678901234.56', $two->money( '1234567890123456' ), 'no float rounding' );
		$this->assertSame( '36.00', $two->money( 3600.0 ) );
		$this->assertSame( '36.00', $two->money( '36.00' ), 'already decimal' );
		$this->assertNull( $two->money( 'abc' ) );
		$this->assertNull( $two->money( null ) );
		$this->assertSame( '3600', ( new Normaliser( 0 ) )->money( '3600' ) );
		$this->assertSame( '3.600', ( new Normaliser( 3 ) )->money( '3600' ) );

		$this->assertSame( '2025-03-14T09:26:53Z', Normaliser::date( '03/14/2025 09:26:53' ) );
		$this->assertNull( Normaliser::date( '01/01/1970 00:00:00' ) );
		$this->assertSame( '2025-03-14T09:26:53Z', Normaliser::date( 1741944413 ) );
		$this->assertSame( '2025-03-14T09:26:53Z', Normaliser::date( '2025-03-14T09:26:53+00:00' ) );
		$this->assertNull( Normaliser::date( 0 ) );
		$this->assertNull( Normaliser::date( 'soon' ) );
		$this->assertNull( Normaliser::date( array() ) );

		$n = new Normaliser( 2, null, 1000000 );
		$this->assertSame( 'expired', $n->status( gmdate( 'Y-m-d\TH:i:s\Z', 1000000 ) ) );
		$this->assertSame( 'expiring', $n->status( gmdate( 'Y-m-d\TH:i:s\Z', 1000000 + 6 * 3600 ) ) );
		$this->assertSame( 'active', $n->status( gmdate( 'Y-m-d\TH:i:s\Z', 1000000 + 6 * 3600 + 1 ) ) );
	}
}
