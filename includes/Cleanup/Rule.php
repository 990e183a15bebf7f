<?php
/**
 * A cleanup rule: which carts a preview shows and a run deletes.
 *
 *   expired_days     int ≥ 0 (default 30): the cart expired more than this many days ago (0: it has expired)
 *   empty_only       bool: only carts with no items (needs each cart's detail)
 *   source           '' | cocart | woocommerce | other (Query::SOURCES)
 *   max_total        decimal string | null: only carts whose total is below this value (needs the detail)
 *   keep_with_email  bool: keep carts that have a customer email (a customer who might come back)
 *
 * "Every expired cart" (expired_days 0, nothing else) is what CoCart's bulk tool deletes in one request; any
 * other rule goes cart by cart. A cart whose item count or total is unknown never matches a rule that needs it,
 * and the API key owner's own cart never matches at all. Source and item-count matching go through
 * Query::filter, so the browser's filters and the cleanup share one definition.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Cleanup;

use CartSessions\Sessions\Normaliser;
use CartSessions\Sessions\Query;
use WP_Error;

final class Rule {

	public const DEFAULT_DAYS  = 30;
	public const MAX_DAYS      = 3650;
	public const MONEY_PATTERN = '^[0-9]{1,12}(\.[0-9]{1,8})?$';

	/** @var int */
	public $expired_days;

	/** @var bool */
	public $empty_only;

	/** @var string */
	public $source;

	/** @var string|null */
	public $max_total;

	/** @var bool */
	public $keep_with_email;

	private function __construct(
		int $expired_days,
		bool $empty_only,
		string $source,
		?string $max_total,
		bool $keep_with_email
	) {
		$this->expired_days    = $expired_days;
		$this->empty_only      = $empty_only;
		$this->source          = $source;
		$this->max_total       = $max_total;
		$this->keep_with_email = $keep_with_email;
	}

	public static function defaults(): self {
		return new self( self::DEFAULT_DAYS, false, '', null, false );
	}

	/**
	 * A rule from untrusted input (REST, options, the command line), or a WP_Error naming the bad field.
	 * Missing fields take their defaults; unknown fields are refused.
	 *
	 * @param mixed $input
	 * @return self|WP_Error
	 */
	public static function from_array( $input ) {
		if ( ! is_array( $input ) ) {
			return self::invalid( 'rule', __( 'The rule must be an object.', 'cart-sessions-for-cocart' ) );
		}
		$unknown = array_diff(
			array_keys( $input ),
			array( 'expired_days', 'empty_only', 'source', 'max_total', 'keep_with_email' )
		);
		if ( array() !== $unknown ) {
			$field = (string) reset( $unknown );
			return self::invalid(
				$field,
				/* translators: %s: field name */
				sprintf( __( '%s is not a rule field.', 'cart-sessions-for-cocart' ), $field )
			);
		}
		$days = $input['expired_days'] ?? self::DEFAULT_DAYS;
		if ( is_string( $days ) && ctype_digit( $days ) ) {
			$days = (int) $days;
		}
		if ( ! is_int( $days ) || $days < 0 || $days > self::MAX_DAYS ) {
			return self::invalid(
				'expired_days',
				sprintf(
					/* translators: %d: maximum number of days */
					__( 'expired_days must be a whole number of days from 0 to %d.', 'cart-sessions-for-cocart' ),
					self::MAX_DAYS
				)
			);
		}
		$flags = array();
		foreach ( array( 'empty_only', 'keep_with_email' ) as $field ) {
			$value = $input[ $field ] ?? false;
			if ( ! is_bool( $value ) ) {
				if ( ! in_array( $value, array( 0, 1, '0', '1', 'true', 'false', '' ), true ) ) {
					return self::invalid(
						$field,
						/* translators: %s: field name */
						sprintf( __( '%s must be true or false.', 'cart-sessions-for-cocart' ), $field )
					);
				}
				$value = in_array( $value, array( 1, '1', 'true' ), true );
			}
			$flags[ $field ] = $value;
		}
		$source = $input['source'] ?? '';
		if ( ! is_string( $source ) || ( '' !== $source && ! in_array( $source, Query::SOURCES, true ) ) ) {
			return self::invalid(
				'source',
				__( 'source must be empty (any), cocart, woocommerce or other.', 'cart-sessions-for-cocart' )
			);
		}
		$max = $input['max_total'] ?? null;
		if ( is_int( $max ) || is_float( $max ) ) {
			$max = is_float( $max ) ? rtrim( rtrim( sprintf( '%.8F', $max ), '0' ), '.' ) : (string) $max;
		}
		if ( '' === $max ) {
			$max = null;
		}
		if ( null !== $max && ( ! is_string( $max ) || 1 !== preg_match( '/' . self::MONEY_PATTERN . '/D', $max ) ) ) {
			return self::invalid(
				'max_total',
				__(
					'max_total must be an amount such as 25 or 19.99 (no currency sign), or empty for any value.',
					'cart-sessions-for-cocart'
				)
			);
		}
		return new self( $days, $flags['empty_only'], $source, $max, $flags['keep_with_email'] );
	}

	/**
	 * @return array{expired_days:int,empty_only:bool,source:string,max_total:string|null,keep_with_email:bool}
	 */
	public function to_array(): array {
		return array(
			'expired_days'    => $this->expired_days,
			'empty_only'      => $this->empty_only,
			'source'          => $this->source,
			'max_total'       => $this->max_total,
			'keep_with_email' => $this->keep_with_email,
		);
	}

	/**
	 * Exactly "every expired cart": what CoCart's bulk tool deletes.
	 */
	public function is_every_expired(): bool {
		return 0 === $this->expired_days
			&& ! $this->empty_only
			&& '' === $this->source
			&& null === $this->max_total
			&& ! $this->keep_with_email;
	}

	/**
	 * Whether matching needs each cart's detail (item count, total).
	 */
	public function needs_details(): bool {
		return $this->empty_only || null !== $this->max_total;
	}

	/**
	 * Whether a cart matches on what the list alone says (expiry, source, email). Carts passing this are the
	 * candidates whose details are fetched when the rule needs them.
	 *
	 * @param array<string,mixed> $row A normalised row (Service::all_rows()).
	 */
	public function matches_list( array $row, int $now ): bool {
		if ( ! empty( $row['is_key_owner'] ) || null === ( $row['expires'] ?? null ) ) {
			return false;
		}
		$expires = Normaliser::timestamp( (string) $row['expires'] );
		if ( null === $expires || $expires >= $now - $this->expired_days * DAY_IN_SECONDS ) {
			return false;
		}
		if ( $this->keep_with_email && '' !== trim( (string) ( $row['customer']['email'] ?? '' ) ) ) {
			return false;
		}
		return array() !== Query::filter( array( $row ), array( 'source' => $this->source ) );
	}

	/**
	 * Whether a cart matches the whole rule (details included: unknown counts never match what needs them).
	 *
	 * @param array<string,mixed> $row
	 */
	public function matches( array $row, int $now ): bool {
		if ( ! $this->matches_list( $row, $now ) ) {
			return false;
		}
		if ( $this->empty_only && array() === Query::filter( array( $row ), array( 'has_items' => 'no' ) ) ) {
			return false;
		}
		if ( null !== $this->max_total ) {
			if ( null === ( $row['total'] ?? null ) ) {
				return false;
			}
			return self::compare_money( (string) $row['total'], $this->max_total ) < 0;
		}
		return true;
	}

	/**
	 * Compares two non-negative decimal strings exactly (no float rounding): -1, 0 or 1.
	 */
	public static function compare_money( string $a, string $b ): int {
		$split = static function ( string $v ): array {
			$negative = 0 === strpos( $v, '-' );
			$v        = ltrim( $v, '-+' );
			list( $int, $frac ) = array_pad( explode( '.', $v, 2 ), 2, '' );
			return array( $negative, ltrim( $int, '0' ), rtrim( $frac, '0' ) );
		};
		list( $an, $ai, $af ) = $split( $a );
		list( $bn, $bi, $bf ) = $split( $b );
		$zero_a = '' === $ai && '' === $af;
		$zero_b = '' === $bi && '' === $bf;
		$an     = $an && ! $zero_a;
		$bn     = $bn && ! $zero_b;
		if ( $an !== $bn ) {
			return $an ? -1 : 1;
		}
		$len = max( strlen( $af ), strlen( $bf ) );
		$cmp = ( strlen( $ai ) <=> strlen( $bi ) )
			?
			: ( strcmp( $ai . str_pad( $af, $len, '0' ), $bi . str_pad( $bf, $len, '0' ) ) <=> 0 );
		return $an ? -$cmp : $cmp;
	}

	private static function invalid( string $field, string $message ): WP_Error {
		return new WP_Error(
			'rest_invalid_param',
			$message,
			array(
				'status' => 400,
				'params' => array( $field => $message ),
			)
		);
	}
}
