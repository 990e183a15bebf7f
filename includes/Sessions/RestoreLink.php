<?php
/**
 * Restore links: a link that puts a stored cart back into a shopper's browser, built on CoCart's "load cart from
 * session" (its storefront reads ?cocart-load-cart=<cart key>; docs/cocart-api.md#restore-links).
 *
 * What CoCart 4.3.6 does with such a link, and so what this class promises:
 *  - it loads any guest cart still in its table, expired or not (the cart comes back with a fresh expiry); a
 *    cart that was deleted is gone, and with notify=true the shopper is told "Sorry but this cart has expired!";
 *  - it refuses a key that is a registered user's ID: such a cart gets no link, and restore_note says why (the
 *    customer can log in to see it). A key of digits only is taken for one: WooCommerce keys a session by the
 *    user's ID only for a logged-in customer, and guest keys are random ("t_…" or hexadecimal). (CoCart itself
 *    asks the users table; a cart left behind by a deleted account would still load, but gets no link here —
 *    asking the store's users table would cost a query per page, and is impossible for a store elsewhere.)
 *
 * The link is a template with {cart_key} (option cart_sessions_restore_link, edited on the Settings tab, for a
 * headless store whose shoppers use its own front end). Without one: the store's cart page when the store is this
 * site and WooCommerce says where it is (wc_get_cart_url()), else the store's home address; with CoCart's
 * parameter (its cocart_load_cart_query_name filter, when the store is this site) and notify=true.
 *
 * @package CartSessions
 */

declare(strict_types=1);

namespace CartSessions\Sessions;

use CartSessions\CoCart\InProcess;
use CartSessions\Credentials\Settings;

final class RestoreLink {

	public const OPTION      = 'cart_sessions_restore_link';
	public const FIELD       = 'restore_link';
	public const PLACEHOLDER = '{cart_key}';
	/** CoCart's parameter name (before its cocart_load_cart_query_name filter). */
	public const QUERY_NAME = 'cocart-load-cart';
	public const MAX_LENGTH = 2000;

	/** @var string */
	private $store_url;

	/** @var string|null */
	private $template = null;

	public function __construct( Settings $settings ) {
		$this->store_url = $settings->store_url();
	}

	/**
	 * Adds restore_link (a URL, or null) and restore_note (why there is no link, or null) to each row.
	 *
	 * @param array<int,array<string,mixed>> $rows Rows with at least a key.
	 * @return array<int,array<string,mixed>>
	 */
	public function add( array $rows ): array {
		$template = $this->template();
		foreach ( $rows as &$row ) {
			$key = (string) $row['key'];
			if ( self::is_customer_account( $key ) ) {
				$row['restore_link'] = null;
				$row['restore_note'] = __( 'This cart belongs to a customer account (its key is the customer’s user ID), and CoCart loads only guest carts from a link. The customer can log in to see their cart.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			} elseif ( '' === $template ) {
				$row['restore_link'] = null;
				$row['restore_note'] = __( 'No restore link: the store’s address is not set. Check the Settings tab.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
			} else {
				$row['restore_link'] = str_replace( self::PLACEHOLDER, rawurlencode( $key ), $template );
				$row['restore_note'] = null;
			}
		}
		return $rows;
	}

	/**
	 * The template in use: the saved one, else the default ('' when the store's address is unknown).
	 */
	public function template(): string {
		if ( null === $this->template ) {
			$saved          = self::saved();
			$this->template = '' !== $saved ? $saved : $this->default_template();
		}
		return $this->template;
	}

	/**
	 * The store's cart page (this site, WooCommerce active) or home address, with CoCart's parameter and notify.
	 */
	public function default_template(): string {
		if ( '' === $this->store_url ) {
			return '';
		}
		$here = InProcess::is_this_site( $this->store_url );
		$cart = $here && function_exists( 'wc_get_cart_url' ) ? (string) wc_get_cart_url() : '';
		$base = '' !== $cart ? $cart : trailingslashit( $this->store_url );
		/** This filter is CoCart's: its storefront reads the link's parameter under this name. */
		$name = $here ? (string) apply_filters( 'cocart_load_cart_query_name', self::QUERY_NAME ) : self::QUERY_NAME;
		$name = '' !== trim( $name ) ? $name : self::QUERY_NAME;
		return add_query_arg(
			array(
				rawurlencode( $name ) => self::PLACEHOLDER,
				'notify'              => 'true',
			),
			$base
		);
	}

	/**
	 * Whether a cart key is a customer account's (a user ID), which CoCart refuses to load as a guest's cart.
	 */
	public static function is_customer_account( string $key ): bool {
		return '' !== $key && ctype_digit( $key );
	}

	/**
	 * The saved template, '' for none.
	 */
	public static function saved(): string {
		$saved = get_option( self::OPTION, '' );
		return is_string( $saved ) && null === self::validate( $saved ) ? $saved : '';
	}

	/**
	 * What the Settings tab shows: the saved template ('' = the default) and the default.
	 *
	 * @return array{restore_link:string,restore_link_default:string}
	 */
	public static function describe( Settings $settings ): array {
		return array(
			self::FIELD            => self::saved(),
			'restore_link_default' => ( new self( $settings ) )->default_template(),
		);
	}

	/**
	 * The REST argument of POST settings.
	 *
	 * @return array<string,mixed>
	 */
	public static function arg(): array {
		return array(
			'description'       => __(
				'Restore link for carts, with {cart_key} where the cart key goes; empty for the default.',
				'cart-sessions-for-cocart'
			),
			'type'              => 'string',
			'validate_callback' => 'rest_validate_request_arg',
			'sanitize_callback' => static function ( $value ) {
				return is_string( $value ) ? trim( $value ) : $value;
			},
		);
	}

	/**
	 * Why a template cannot be used, or null when it can ('' — the default — can).
	 *
	 * @param mixed $value
	 */
	public static function validate( $value ): ?string {
		if ( ! is_string( $value ) ) {
			return __( 'Enter the restore link as text.', 'cart-sessions-for-cocart' );
		}
		if ( '' === $value ) {
			return null;
		}
		if ( strlen( $value ) > self::MAX_LENGTH ) {
			return sprintf(
				/* translators: %d: number of characters */
				__( 'The restore link is too long: use at most %d characters.', 'cart-sessions-for-cocart' ),
				self::MAX_LENGTH
			);
		}
		if ( false === strpos( $value, self::PLACEHOLDER ) ) {
			return sprintf(
				/* translators: %s: the placeholder, {cart_key} */
				__( 'Put %s in the restore link where the cart key goes, for example https://shop.example.com/cart/?cocart-load-cart={cart_key}.', 'cart-sessions-for-cocart' ), // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
				self::PLACEHOLDER
			);
		}
		$sample = str_replace( self::PLACEHOLDER, 'key', $value );
		$scheme = strtolower( (string) wp_parse_url( $sample, PHP_URL_SCHEME ) );
		$host   = (string) wp_parse_url( $sample, PHP_URL_HOST );
		$unsafe = 1 === preg_match( '/[\s"\'<>\\\\`]/', $sample );
		if ( ! in_array( $scheme, array( 'http', 'https' ), true ) || '' === $host || $unsafe
			|| false === filter_var( $sample, FILTER_VALIDATE_URL ) ) {
			return __( 'Enter the restore link as a full web address starting with https:// or http://, without spaces or quotes.', 'cart-sessions-for-cocart' ); // phpcs:ignore Generic.Files.LineLength -- one translatable sentence.
		}
		return null;
	}

	/**
	 * field => message when $input (the POST settings fields) holds an unusable template.
	 *
	 * @param array<string,mixed> $input
	 * @return array<string,string>
	 */
	public static function check( array $input ): array {
		if ( ! array_key_exists( self::FIELD, $input ) ) {
			return array();
		}
		$error = self::validate( $input[ self::FIELD ] );
		return null === $error ? array() : array( self::FIELD => $error );
	}

	/**
	 * Saves the template $input names (checked first with check()); '' goes back to the default.
	 *
	 * @param array<string,mixed> $input
	 */
	public static function save( array $input ): void {
		if ( ! array_key_exists( self::FIELD, $input ) ) {
			return;
		}
		if ( '' === $input[ self::FIELD ] ) {
			delete_option( self::OPTION );
			return;
		}
		update_option( self::OPTION, (string) $input[ self::FIELD ], false );
	}
}
