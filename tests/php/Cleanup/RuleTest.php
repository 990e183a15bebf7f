<?php
/**
 * Rule: validation and normalising of untrusted input, "every expired cart", and matches() on the edges — the
 * expiry boundary, unknown item counts and totals (never match what needs them), the key owner's cart, exact
 * money comparison.
 */

declare(strict_types=1);

use CartSessions\Cleanup\Preview;
use CartSessions\Cleanup\Rule;
use PHPUnit\Framework\TestCase;

final class RuleTest extends TestCase {

	private const NOW = 1750000000;

	/**
	 * @param array<string,mixed> $over
	 * @return array<string,mixed>
	 */
	private function row( array $over = array() ): array {
		return array_replace_recursive(
			array(
				'key'          => 't_abc',
				'customer'     => array( 'name' => null, 'email' => null ),
				'expires'      => gmdate( 'Y-m-d\TH:i:s\Z', self::NOW - 40 * DAY_IN_SECONDS ),
				'source'       => 'cocart',
				'item_count'   => 0,
				'total'        => '0.00',
				'is_key_owner' => false,
			),
			$over
		);
	}

	public function test_defaults_and_normalising(): void {
		$rule = Rule::from_array( array() );
		$this->assertInstanceOf( Rule::class, $rule );
		$this->assertSame(
			array(
				'expired_days'    => 30,
				'empty_only'      => false,
				'source'          => '',
				'max_total'       => null,
				'keep_with_email' => false,
			),
			$rule->to_array()
		);
		$rule = Rule::from_array(
			array( 'expired_days' => '7', 'empty_only' => '1', 'max_total' => 12.5, 'keep_with_email' => 'false' )
		);
		$this->assertSame(
			array(
				'expired_days'    => 7,
				'empty_only'      => true,
				'source'          => '',
				'max_total'       => '12.5',
				'keep_with_email' => false,
			),
			$rule->to_array()
		);
		$this->assertNull( Rule::from_array( array( 'max_total' => '' ) )->max_total );
	}

	public function test_bad_input_names_the_field(): void {
		foreach ( array(
			'expired_days'    => array( 'expired_days' => -1 ),
			'empty_only'      => array( 'empty_only' => 'perhaps' ),
			'source'          => array( 'source' => 'COCART' ),
			'max_total'       => array( 'max_total' => '1,000' ),
			'keep_with_email' => array( 'keep_with_email' => array() ),
			'colour'          => array( 'colour' => 'red' ),
		) as $field => $input ) {
			$error = Rule::from_array( $input );
			$this->assertInstanceOf( WP_Error::class, $error, $field );
			$this->assertSame( 400, $error->get_error_data()['status'] );
			$this->assertArrayHasKey( $field, $error->get_error_data()['params'] );
		}
		$this->assertInstanceOf( WP_Error::class, Rule::from_array( 'expired' ) );
	}

	public function test_every_expired_cart_is_only_the_rule_without_conditions(): void {
		$this->assertTrue( Rule::from_array( array( 'expired_days' => 0 ) )->is_every_expired() );
		$this->assertFalse( Rule::from_array( array() )->is_every_expired() );
		$conditions = array(
			array( 'empty_only' => true ),
			array( 'source' => 'other' ),
			array( 'max_total' => '5' ),
			array( 'keep_with_email' => true ),
		);
		foreach ( $conditions as $condition ) {
			$this->assertFalse( Rule::from_array( array( 'expired_days' => 0 ) + $condition )->is_every_expired() );
		}
	}

	public function test_matching_edges(): void {
		$rule = Rule::from_array( array( 'expired_days' => 40 ) );
		$this->assertFalse(
			$rule->matches( $this->row(), self::NOW ),
			'expired exactly 40 days ago is not more than 40'
		);
		$this->assertTrue(
			$rule->matches(
				$this->row( array( 'expires' => gmdate( 'Y-m-d\TH:i:s\Z', self::NOW - 40 * DAY_IN_SECONDS - 1 ) ) ),
				self::NOW
			)
		);
		$this->assertFalse(
			Rule::from_array( array( 'expired_days' => 0 ) )->matches(
				$this->row( array( 'expires' => gmdate( 'Y-m-d\TH:i:s\Z', self::NOW + 60 ) ) ),
				self::NOW
			),
			'an active cart never matches'
		);
		$this->assertFalse(
			Rule::from_array( array( 'expired_days' => 0 ) )->matches(
				$this->row( array( 'is_key_owner' => true ) ),
				self::NOW
			),
			'never the key owner’s cart'
		);

		$empty = Rule::from_array( array( 'expired_days' => 1, 'empty_only' => true ) );
		$this->assertTrue( $empty->matches( $this->row(), self::NOW ) );
		$this->assertFalse( $empty->matches( $this->row( array( 'item_count' => 2 ) ), self::NOW ) );
		$this->assertFalse(
			$empty->matches( array( 'item_count' => null ) + $this->row(), self::NOW ),
			'unknown item count never matches'
		);
		$this->assertTrue(
			$empty->matches_list( array( 'item_count' => null ) + $this->row(), self::NOW ),
			'but it is a candidate'
		);

		$cheap = Rule::from_array( array( 'expired_days' => 1, 'max_total' => '19.99' ) );
		$this->assertTrue( $cheap->matches( $this->row( array( 'total' => '19.98' ) ), self::NOW ) );
		$this->assertFalse(
			$cheap->matches( $this->row( array( 'total' => '19.990' ) ), self::NOW ),
			'below, not equal'
		);
		$this->assertFalse( $cheap->matches( array( 'total' => null ) + $this->row(), self::NOW ) );

		$keep = Rule::from_array( array( 'expired_days' => 1, 'keep_with_email' => true, 'source' => 'other' ) );
		$this->assertFalse(
			$keep->matches(
				$this->row( array( 'source' => '', 'customer' => array( 'email' => 'a@b.c' ) ) ),
				self::NOW
			)
		);
		$this->assertTrue( $keep->matches( $this->row( array( 'source' => '' ) ), self::NOW ) );
		$this->assertTrue( $keep->matches( $this->row( array( 'source' => 'custom' ) ), self::NOW ) );
		$this->assertFalse( $keep->matches( $this->row( array( 'source' => 'woocommerce' ) ), self::NOW ) );
	}

	public function test_money_is_compared_and_added_exactly(): void {
		$this->assertSame( -1, Rule::compare_money( '9.99', '10' ) );
		$this->assertSame( 1, Rule::compare_money( '100.00', '99.999' ) );
		$this->assertSame( 0, Rule::compare_money( '007.50', '7.5' ) );
		$this->assertSame( -1, Rule::compare_money( '0.10000001', '0.1000001' ) );
		$this->assertSame( '0.30', Preview::add( '0.1', '0.2' ) );
		$this->assertSame( '1000000.01', Preview::add( '999999.995', '0.015' ) );
		$this->assertSame( '36.00', Preview::add( '0', '36' ) );
	}
}
